"""Table pages that show their rows first: the column descriptions folded away.

Datasette 0.65 lists every column's description above a table's rows (about 600 px for the record
tables), so the rows start below the fold. On table pages they are folded into one line a reader can
open ("What each column means (17 columns)"); without JavaScript the list shows as before.

A canned query's page is headed by its title, which says what it answers; the line above its rows said
"Custom SQL query returning 3 rows" (the words of an ad hoc query). It says "Answer: 3 rows", or that no
row answers the parameters given. Its parameter boxes offer choices as one types (a ``<datalist>``):
boroughs by name, documents by id with their labels, themes, years; any other value can still be typed.
"""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted

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


#: A canned query's parameter -> the choices offered for it: (value, label) rows.
CHOICES = {
    "borough": "select name, official_name from boroughs order by (select count(*) from documents d "
               "where d.borough_id = boroughs.id) = 0, name",
    "document": "select id, coalesce(label, title) from documents order by position",
    "theme": "select id, label from themes order by position",
    "year": "with recursive y(n) as (select min(period_start) from documents union all select n + 1 from y "
            "where n < (select max(period_end) from documents)) select n, n from y where n is not null",
}

CHOOSE = """(function (choices) {
  Object.keys(choices).forEach(function (name) {
    var input = document.querySelector('form.sql input[name="' + name + '"]');
    if (!input) return;
    var list = document.createElement('datalist');
    list.id = 'choices-' + name;
    choices[name].forEach(function (choice) {
      var option = document.createElement('option');
      option.value = choice[0];
      option.label = choice[1];
      list.appendChild(option);
    });
    input.parentNode.appendChild(list);
    input.setAttribute('list', list.id);
  });
})(%s);"""


async def _choices(datasette: Any, database: str | None) -> str:
    if database is None:
        return HEADING
    db = datasette.get_database(database)
    choices = {}
    for name, sql in CHOICES.items():
        try:
            choices[name] = [[str(value), str(label)] for value, label in (await db.execute(sql)).rows]
        except (sqlite3.Error, QueryInterrupted):  # a database without these tables: no choices, the boxes work
            continue
    data = json.dumps(choices).replace("<", "\\u003c")  # nothing in it can close the script
    return HEADING + "\n" + CHOOSE % data


@hookimpl
def extra_body_script(template, database, table, columns, view_name, request, datasette):
    if template == "query.html":  # a canned query (Datasette 0.65 routes it through the table view)
        return _choices(datasette, database)
    return FOLD if view_name == "table" else None
