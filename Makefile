# Shortcuts; `python3 dev.py run` and `python3 dev.py test` need no make at all.
PYTHON ?= python3
BIN := .venv/bin

.PHONY: run test lint format check-migrations clean

run:
	$(PYTHON) dev.py run

test:
	$(PYTHON) dev.py test

lint:
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

check-migrations:
	DJANGO_DEBUG=1 $(BIN)/python manage.py makemigrations --check --dry-run

clean:
	rm -rf .venv staticfiles .pytest_cache .ruff_cache
