"""Table pages that show their rows first: the column descriptions folded away.

Datasette 0.65 lists every column's description above a table's rows (about 600 px for the record
tables), so the rows start below the fold. On table pages they are folded into one line a reader can
open ("What each column means (17 columns)"); without JavaScript the list shows as before.
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


@hookimpl
def extra_body_script(template, database, table, columns, view_name, request, datasette):
    return FOLD if view_name == "table" else None
