"""Table pages that show their rows first: the column descriptions folded away.

Datasette 0.65 lists every column's description above a table's rows (about 600 px for the record
tables), so the rows start below the fold. On table pages they are folded into one line a reader can
open ("What each column means (17 columns)"); without JavaScript the list shows as before.

A canned query's page is headed by its title, which says what it answers; the line above its rows said
"Custom SQL query returning 3 rows" (the words of an ad hoc query). It says "Answer: 3 rows", or that no
row answers the parameters given.
"""

from __future__ import annotations

from datasette import hookimpl

FOLD = """document.querySelectorAll('dl.column-descriptions').forEach(function (list) {
  var details = document.createElement('details');
  details.className = 'column-descriptions-folded';
  var summary = document.createElement('summary');
  summary.textContent = 'What each column means (' + list.querySelectorAll('dt').length + ' columns)';
  list.parentNode.insertBefore(details, list);
  details.appendChild(summary);
  details.appendChild(list);
});"""


HEADING = """(function () {
  var canned = Array.prototype.some.call(document.body.classList, function (name) {
    return name.indexOf('query-') === 0;
  });
  var heading = document.querySelector('form.sql h3');
  if (!canned || !heading || !heading.firstChild || heading.firstChild.nodeType !== 3) return;
  var found = heading.firstChild.textContent.match(/returning (more than )?([0-9,]+) rows?/);
  var rows = found ? (found[1] || '') + found[2] + (found[2] === '1' ? ' row' : ' rows') : '';
  heading.firstChild.textContent = found ? 'Answer: ' + rows + ' ' : 'No row answers these parameters ';
})();"""


@hookimpl
def extra_body_script(template, database, table, columns, view_name, request, datasette):
    if template == "query.html":  # a canned query (Datasette 0.65 routes it through the table view)
        return HEADING
    return FOLD if view_name == "table" else None
