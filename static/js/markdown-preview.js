/* The "Preview" button beside a Markdown body: the server renders the text as
   the site would (milidip_site/markdown_preview.py) and the pane shows it.
   The server sanitizes the HTML; errors are shown as plain text. */
'use strict';
{
    function setUp(editor) {
        const textarea = editor.querySelector('textarea');
        const button = editor.querySelector('.markdown-preview-button');
        const pane = editor.querySelector('.markdown-preview');
        const token = textarea.form && textarea.form.querySelector('[name=csrfmiddlewaretoken]');
        if (!textarea || !button || !pane || !token) {
            return;
        }
        button.hidden = false;
        button.addEventListener('click', async function() {
            const data = new FormData();
            data.append('text', textarea.value);
            button.disabled = true;
            pane.textContent = 'Rendering…';
            try {
                const response = await fetch(editor.dataset.markdownPreview, {
                    method: 'POST',
                    body: data,
                    credentials: 'same-origin',
                    headers: {'X-CSRFToken': token.value},
                });
                const body = await response.text();
                if (response.ok) {
                    pane.innerHTML = body;
                } else {
                    pane.textContent = body.length < 300 ? body : 'The preview failed (' + response.status + ').';
                }
            } catch (error) {
                pane.textContent = 'The preview could not be loaded; check your connection.';
            } finally {
                button.disabled = false;
            }
        });
    }
    document.addEventListener('DOMContentLoaded', function() {
        document.querySelectorAll('[data-markdown-preview]').forEach(setUp);
    });
}
