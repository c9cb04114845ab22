/* Dashes and slashes separate words in the slugs the admin proposes, as in
   editorial/slugs.py: "(2004–ongoing)" gives "2004-ongoing". Django's URLify
   drops them, so wrap it; prepopulate.js looks URLify up at each keystroke. */
'use strict';
{
    const urlify = window.URLify;
    if (typeof urlify === 'function') {
        const separators = /[\u2010-\u2015\u2212/\\]/g;
        window.URLify = function(s, numChars, allowUnicode) {
            return urlify(String(s).replace(separators, '-'), numChars, allowUnicode);
        };
    }
}
