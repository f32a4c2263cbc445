"""The Datasette site: metadata.yml, generated from the models and the canned queries below.

Table and column descriptions, label columns, facets and sort orders all come from
the models in ``models/``; this module adds the site's own words, its canned
queries and its dashboard (datasette-dashboards). ``strategy-extract metadata``
writes the result to metadata.yml, and a test fails when the committed file falls
out of step with the models.

Every canned query tolerates empty parameters: an empty filter means "all" (a
document, a borough, a theme, a name), an empty phrase finds nothing.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import yaml

from models import RECORD_TYPES

DATABASE = "community_safety"

OGL = "Open Government Licence v3.0"
OGL_URL = "https://www.nationalarchives.gov.uk/doc/open-government-licence/version/3/"

SITE = {
    "title": "Community safety strategies",
    "description_html": (
        "<p>What councils' community safety partnerships promised, who led it, what they aimed for and "
        "what progress they reported, extracted from their strategy documents and action plans. "
        "Every record gives the document, the page or line, and the verbatim text it was read from.</p>"
        "<p>Start with the <a href=\"/-/dashboards/community-safety\">dashboard</a> (themes by borough and "
        "year, targets over time), a <a href=\"/community_safety/commitments_matching?q=Community+Trigger\">"
        "commitment's history</a>, <a href=\"/community_safety/neighbour_themes?borough=barnet&amp;year=\">"
        "a borough beside its neighbours</a> or <a href=\"/community_safety/target_figures\">targets and "
        "whether they were met</a>. Or read <a href=\"/-/boroughs\">each borough's documents</a> as pages: "
        "priorities, commitments, leads, targets met or not, progress, and where each commitment went next.</p>"
        f"<p>The source documents are public-sector information published under the {OGL}; the data "
        f"extracted from them is released under the same licence, with attribution to the councils.</p>"
    ),
    "license": OGL,
    "license_url": OGL_URL,
    "source": "Council strategy documents listed in corpus/documents.yml",
    "about": "strategy-extract",
}

#: Datasette plugins of the site (each module a plugin): ``serve --plugins-dir`` loads them.
PLUGINS = Path(__file__).with_name("plugins")

#: Documents of a borough in order: by first year, then date of publication where known (a strategy
#: published in January comes before the action plan made for its first year), last year, id.

DOCUMENT_ORDER = "d.position"  # the one document order (models.document_order, stored as documents.position)

#: Rows Datasette returns at most (its max_returned_rows setting, left at its default). A query that
#: computes much per row picks its rows first, one more than this so Datasette still says "truncated".
MAX_ROWS = 1000

#: Links a commitment-history row shows each way (a commitment carried through many documents has a
#: link to each): the strongest, then how many more there are.
LINKS_SHOWN = 3


def _link_lines(end: str, other: str, word: str) -> str:
    """SQL: the commitment-history cell of a commitment's links where it is the ``end`` ('from' or 'to').

    A line each for its strongest links (continues, revised, similar: the types' alphabetical order,
    which tests/publish/test_site.py holds to; strongest first), read in the order of the links' covering
    indexes (models/records.py) so that the rest are not sorted, then a line counting the rest.
    """
    return f"""(select group_concat(line, char(10)) from (
     select * from (
       select l.type || ' {word} ' || l.{other}_commitment_id || ' (' || o.period_start || '-' || o.period_end
              || case when l.type = 'similar' then '' when l.method = 'reviewed' then '; reviewed'
                      else '; automatic' end || ')' as line
       from commitment_links l join documents o on o.id = l.{other}_document_id
       where l.{end}_commitment_id = c.id
       order by l.type, l.score desc, l.{other}_document_id, l.{other}_commitment_id
       limit {LINKS_SHOWN}
     )
     union all
     select 'and ' || (count(*) - {LINKS_SHOWN}) || ' more (commitment_links)' from commitment_links
     where {end}_commitment_id = c.id having count(*) > {LINKS_SHOWN}
  ))"""


#: Canned queries: name -> title, description, SQL. Named parameters are listed in ``params``.
QUERIES: dict[str, dict[str, Any]] = {
    "commitments_matching": {
        "title": "Commitment history: commitments matching a phrase, oldest first",
        "description": (
            "Every commitment whose text contains the phrase (q; words stemmed: 'trigger' finds "
            "'triggers'; an empty phrase finds nothing), with its document, years, priority, the "
            "progress reported on it (period: status - text, one a line) and its links to commitments "
            f"of earlier and later documents: up to {LINKS_SHOWN} each way, continues first, then revised, "
            "then similar, strongest first, each with its tier (automatic, or reviewed by a person), and how "
            "many more there are (all of them in commitment_links); "
            "oldest first (by first year, then date of publication where known)."
        ),
        "params": ["q"],
        "sql": f"""with matching as (
  select
    c.id, c.document_id, c.number, c.text, c.priority_id, c.page, c.line,
    row_number() over (order by {DOCUMENT_ORDER}, c.position) as seq
  from commitments_fts
  join commitments c on c.rowid = commitments_fts.rowid
  join documents d on d.id = c.document_id
  where commitments_fts match '"' || replace(trim(:q), '"', '""') || '"'
  order by seq
  limit {MAX_ROWS + 1}
)
select
  d.borough_id as borough,
  d.id as document_id,
  (select name from boroughs where id = d.borough_id) || ': ' || d.title as document,
  d.period_start,
  d.period_end,
  c.number,
  c.text,
  p.title as priority,
  (select group_concat(line, char(10)) from (
     select coalesce(u.period || ': ', '') || replace(u.status, '_', ' ') || ' - ' || u.text as line
     from progress_updates u where u.commitment_id = c.id order by u.rowid
  )) as progress,
  {_link_lines("to", "from", "from")} as links_from_earlier,
  {_link_lines("from", "to", "in")} as links_to_later,
  c.page,
  c.line,
  c.id as commitment_id
from matching c
join documents d on d.id = c.document_id
left join priorities p on p.id = c.priority_id
order by c.seq""",
    },
    "document_continuity": {
        "title": "Continuity of a document: what became of each commitment in the borough's later documents",
        "description": (
            "For each commitment of the document (document: its id, e.g. barnet-2015-2020-strategy; "
            "empty for every document), one row per later document of the same borough, with its fate in "
            "one wording (the view commitment_fates): continued (carried on, perhaps renumbered), revised "
            "(reworded or narrowed), candidate (not linked, with unreviewed candidates: listed), out of scope "
            "(the later document covers only some of the earlier one's priorities), not found; or no later "
            "document. The tier says who decided a link: automatic or reviewed. fate_counts counts them."
        ),
        "params": ["document"],
        "sql": f"""select
  c.document_id,
  c.number,
  c.text,
  f.later_document_id,
  later.period_start || '-' || later.period_end as later_period,
  coalesce(f.fate, 'no later document') as fate,
  f.tier,
  (select group_concat(line, char(10)) from (
     select coalesce(lc.number || ' ', '') || lc.text as line
     from json_each(case when f.fate = 'candidate' then f.candidate_ids else f.later_commitment_ids end) j
     join commitments lc on lc.id = j.value
     order by j.key
  )) as later_text,
  (select group_concat(j.value, char(10)) from json_each(
     case when f.fate = 'candidate' then f.candidate_ids else f.later_commitment_ids end) j) as later_commitment_ids,
  c.id as commitment_id
from commitments c
join documents d on d.id = c.document_id
left join commitment_fates f on f.commitment_id = c.id
left join documents later on later.id = f.later_document_id
where :document = '' or c.document_id = :document
order by {DOCUMENT_ORDER}, c.position, later.position""",
    },
    "compare_boroughs": {
        "title": "Compare boroughs: commitments by theme, borough and period, with examples",
        "description": (
            "How many commitments of each borough's documents are coded with each theme (item_themes), "
            "by the period the document covers, as a count and as a percentage of all the commitments "
            "of that borough's documents for the period, with up to three example commitments. Filters "
            "(each empty for all): theme (a code such as asb, or part of a theme's name), borough (its "
            "id or name, e.g. barnet or Barnet), year (documents covering that year, e.g. 2015)."
        ),
        "params": ["theme", "borough", "year"],
        "sql": """with coded as (
  select
    it.theme_id,
    d.borough_id,
    d.id as document_id,
    d.period_start,
    d.period_end,
    it.commitment_id
  from item_themes it
  join themes t on t.id = it.theme_id
  join documents d on d.id = it.document_id
  where it.item_kind = 'commitment'
    and (:theme = '' or it.theme_id = :theme or t.label like '%' || :theme || '%')
    and (:borough = '' or d.borough_id in (select id from boroughs where id = trim(:borough) or lower(name) = lower(trim(:borough)) or lower(official_name) = lower(trim(:borough))))
    and (:year = '' or cast(:year as integer) between d.period_start and d.period_end)
)
select
  t.label as theme,
  b.name as borough,
  coded.period_start || '-' || coded.period_end as period,
  count(distinct coded.document_id) as documents,
  count(distinct coded.commitment_id) as commitments,
  round(100.0 * count(distinct coded.commitment_id) / (
    select count(*) from commitments c2
    join documents d2 on d2.id = c2.document_id
    where d2.borough_id = coded.borough_id
      and d2.period_start = coded.period_start and d2.period_end = coded.period_end
  ), 1) as percent_of_commitments,
  (select group_concat(example, char(10)) from (
     select coalesce(c.number || ' ', '') || c.text as example
     from item_themes it2
     join commitments c on c.id = it2.commitment_id
     join documents d3 on d3.id = c.document_id
     where it2.theme_id = coded.theme_id and d3.borough_id = coded.borough_id
       and d3.period_start = coded.period_start and d3.period_end = coded.period_end
     order by it2.score desc, d3.id, c.position
     limit 3
  )) as examples,
  coded.theme_id,
  coded.borough_id
from coded
join themes t on t.id = coded.theme_id
join boroughs b on b.id = coded.borough_id
group by coded.theme_id, coded.borough_id, coded.period_start, coded.period_end
order by t.position, coded.period_start, b.name""",
    },
    "neighbour_themes": {
        "title": "Neighbours: a borough's themes beside those of the boroughs around it",
        "description": (
            "For a borough (borough: its id or name, e.g. barnet or Barnet; empty gives nothing), each theme "
            "with the number of its commitments coded with it, and the same for the boroughs it is compared "
            "with (neighbours_commitments, neighbours_percent, by_neighbour), together and one by one; percentages are of all the commitments of the borough, or of "
            "those it is compared with. It is compared with the boroughs that share a border with it "
            "(borough_neighbours); when none of them has a document in the corpus, with the nearest boroughs "
            "that have, fewest borders away, and compared_with says so. year: only documents covering that "
            "year (empty for all). The neighbours column names every bordering borough and how many "
            "documents each has."
        ),
        "params": ["borough", "year"],
        "sql": """with recursive chosen as (
  select id from boroughs
  where id = trim(:borough) or lower(name) = lower(trim(:borough)) or lower(official_name) = lower(trim(:borough))
),
covering as (
  select * from documents
  where :year = '' or cast(:year as integer) between period_start and period_end
),
reach(borough_id, distance) as (
  select id, 0 from chosen
  union
  select n.neighbour_id, r.distance + 1
  from reach r join borough_neighbours n on n.borough_id = r.borough_id
  where r.distance < 12
),
nearest as (select borough_id, min(distance) as distance from reach group by borough_id),
with_documents as (select distinct borough_id from covering),
closest as (
  select min(n.distance) as distance
  from nearest n join with_documents w on w.borough_id = n.borough_id
  where n.distance >= 1
),
compared as (
  select b.id as borough_id, b.name, 0 as is_neighbour, 0 as distance
  from boroughs b join chosen on chosen.id = b.id
  union all
  select b.id, b.name, 1, n.distance
  from nearest n join boroughs b on b.id = n.borough_id
  where n.distance = case
    when exists (select 1 from nearest x join with_documents w on w.borough_id = x.borough_id where x.distance = 1)
    then 1 else (select distance from closest) end
    and n.borough_id in (select borough_id from with_documents)
),
totals as (
  select compared.borough_id, compared.is_neighbour, count(c.id) as commitments
  from compared
  left join covering d on d.borough_id = compared.borough_id
  left join commitments c on c.document_id = d.id
  group by compared.borough_id
),
counts as (
  select
    compared.borough_id,
    compared.name,
    compared.is_neighbour,
    it.theme_id,
    count(distinct it.commitment_id) as commitments
  from compared
  join covering d on d.borough_id = compared.borough_id
  join item_themes it on it.document_id = d.id and it.item_kind = 'commitment'
  group by compared.borough_id, it.theme_id
)
select
  t.label as theme,
  coalesce(sum(case when not counts.is_neighbour then counts.commitments end), 0) as commitments,
  round(100.0 * sum(case when not counts.is_neighbour then counts.commitments end)
    / (select nullif(sum(commitments), 0) from totals where not is_neighbour), 1) as percent_of_commitments,
  coalesce(sum(case when counts.is_neighbour then counts.commitments end), 0) as neighbours_commitments,
  round(100.0 * sum(case when counts.is_neighbour then counts.commitments end)
    / (select nullif(sum(commitments), 0) from totals where is_neighbour), 1) as neighbours_percent,
  group_concat(case when counts.is_neighbour then counts.name || ': ' || counts.commitments end, char(10))
    as by_neighbour,
  (select case
     when not exists (select 1 from compared where is_neighbour)
       then 'no other borough has a document' || case when :year = '' then '' else ' covering ' || :year end
     when (select max(distance) from compared) = 1 then 'its neighbours with documents: '
       || (select group_concat(name, ', ') from compared where is_neighbour)
     else 'no neighbour has a document' || case when :year = '' then '' else ' covering ' || :year end
       || ': the nearest boroughs that have, ' || (select max(distance) from compared) || ' borders away: '
       || (select group_concat(name, ', ') from compared where is_neighbour)
   end) as compared_with,
  (select group_concat(name || ' (' || documents || ')', ', ') from (
     select b.name, count(d.id) as documents
     from borough_neighbours n join boroughs b on b.id = n.neighbour_id
     left join covering d on d.borough_id = n.neighbour_id
     where n.borough_id in (select id from chosen)
     group by b.id order by b.name
  )) as neighbours,
  t.id as theme_id
from themes t
join counts on counts.theme_id = t.id
group by t.id
order by commitments desc, neighbours_commitments desc, t.position""",
    },
    "target_figures": {
        "title": "Targets: indicators with their figures, direction and the change recomputed",
        "description": (
            "Each target or success measure with the direction sought, the target's unit (unit: percent for "
            "'reduce by 6%'), the target value or range, the baseline, previous and current figures and their "
            "own unit (figures_unit: count for numbers of crimes, even when the target is a percentage "
            "change), the change the document reports and the change recomputed from current and previous "
            "(percent, where both exist), whether the two agree (within 0.1), whether the target was met (met, not met, not yet due: a percentage target "
            "with a change reported is judged against the change, any other against the current or latest "
            "figure; met_because shows the arithmetic), whether the figures moved the way the target seeks, "
            "and every figure reported (label: value as written, one a line). Filters (each empty for all): indicator "
            "(part of its wording, e.g. burglary), document (its id)."
        ),
        "params": ["indicator", "document"],
        "sql": """with figures as (
  select
    t.id as target_id,
    (select value from target_observations where target_id = t.id and kind = 'baseline') as baseline,
    (select value from target_observations where target_id = t.id and kind = 'previous') as previous,
    (select value from target_observations where target_id = t.id and kind = 'current') as current,
    (select value from target_observations where target_id = t.id and kind = 'change') as reported,
    (select value from target_observations where target_id = t.id and kind = 'value'
       order by period desc limit 1) as latest,
    (select period from target_observations where target_id = t.id and kind = 'value'
       order by period desc limit 1) as latest_period,
    (select unit from target_observations where target_id = t.id and kind != 'change'
       group by unit order by count(*) desc, unit limit 1) as figures_unit
  from targets t
),
changes as (
  select
    figures.*,
    case when previous != 0 then round(100.0 * (current - previous) / previous, 1) end as recomputed,
    coalesce(current - previous, latest - baseline) as movement
  from figures
),
judged as (
  -- What a target is judged against: a percentage target with a change reported (or recomputable) is a
  -- change target ("reduce by 6%": -6 against the change); any other against the current (else latest) level.
  select
    ch.*,
    t.unit = 'percent' and coalesce(ch.reported, ch.recomputed) is not null as is_change,
    case when t.unit = 'percent' and coalesce(ch.reported, ch.recomputed) is not null
         then coalesce(ch.reported, ch.recomputed) else coalesce(ch.current, ch.latest) end as achieved,
    case
      when t.unit = 'percent' and ch.reported is not null then 'the change reported'
      when t.unit = 'percent' and ch.recomputed is not null then 'the change recomputed from current and previous'
      when ch.current is not null then 'the current figure'
      when ch.latest is not null then 'the latest figure (' || ch.latest_period || ')'
    end as achieved_from
  from targets t join changes ch on ch.target_id = t.id
)
select
  d.borough_id as borough,
  t.document_id,
  d.period_start,
  d.period_end,
  t.indicator,
  t.direction,
  t.unit,
  case when t.value = cast(t.value as integer) then cast(t.value as integer) else t.value end as target_value,
  t.low as target_low,
  t.high as target_high,
  t.deadline,
  case
    when t.value is null or t.direction not in ('reduce', 'increase') then null
    when j.achieved is not null and ((t.direction = 'reduce' and j.achieved <= t.value)
                                     or (t.direction = 'increase' and j.achieved >= t.value)) then 'met'
    when t.deadline is not null and t.deadline > coalesce(j.latest_period, cast(d.period_end as text)) then 'not yet due'
    when j.achieved is not null then 'not met'
  end as met,
  case when t.value is not null and t.direction in ('reduce', 'increase') and j.achieved is not null then
    printf('%s%s (%s) against the target %s%s: %s %s %s%s',
           printf('%g', j.achieved), case when t.unit = 'percent' then '%' else '' end, j.achieved_from,
           printf('%g', t.value), case when t.unit = 'percent' then '%' else '' end,
           printf('%g', j.achieved), case when t.direction = 'reduce' then '<=' else '>=' end,
           printf('%g', t.value), case when (t.direction = 'reduce' and j.achieved <= t.value)
             or (t.direction = 'increase' and j.achieved >= t.value) then ' holds' else ' does not hold' end)
  end as met_because,
  case when j.baseline = cast(j.baseline as integer) then cast(j.baseline as integer) else j.baseline end as baseline,
  case when j.latest = cast(j.latest as integer) then cast(j.latest as integer) else j.latest end as latest_value,
  j.latest_period,
  case when j.previous = cast(j.previous as integer) then cast(j.previous as integer) else j.previous end as previous,
  case when j.current = cast(j.current as integer) then cast(j.current as integer) else j.current end as current,
  j.figures_unit,
  j.reported as reported_change_percent,
  j.recomputed as recomputed_change_percent,
  case
    when j.reported is null or j.recomputed is null then null
    when abs(j.reported - j.recomputed) <= 0.1 then 'yes'
    else 'no'
  end as change_agrees,
  case
    when t.direction is null or j.movement is null then null
    when j.movement = 0 then 'no change'
    when t.direction = 'maintain' then 'changed'
    when (j.movement < 0) = (t.direction = 'reduce') then 'as sought'
    else 'against'
  end as moved,
  (select group_concat(line, char(10)) from (
     select o.label || ': ' || o.value_text as line
     from target_observations o where o.target_id = t.id order by o.rowid
  )) as observations,
  t.page,
  t.line,
  t.id as target_id
from targets t
join documents d on d.id = t.document_id
join judged j on j.target_id = t.id
where (:indicator = '' or t.indicator like '%' || :indicator || '%')
  and (:document = '' or t.document_id = :document)
order by d.position, t.position""",
    },
    "lead_commitments": {
        "title": "People: what a lead officer led, across documents and years",
        "description": (
            "Each role a person is named in (lead officer, operational or strategic lead, chair, "
            "signatory, author, contact) with the document, its years, the priority and the commitment "
            "they lead, and how the document wrote their name. name: part of the person's name or of any "
            "way documents write it (e.g. Randall finds 'DCI Gary Randall'); empty for everyone."
        ),
        "params": ["name"],
        "sql": """select
  p.name as person,
  p.rank,
  p.job_title,
  o.name as organisation,
  l.role,
  d.borough_id as borough,
  l.document_id,
  d.period_start,
  d.period_end,
  pr.number as priority_number,
  pr.title as priority,
  c.number as commitment_number,
  c.text as commitment,
  c.due,
  l.text as written_as,
  l.page,
  l.line,
  p.id as person_id,
  c.id as commitment_id
from people p
join leads l on l.person_id = p.id
join documents d on d.id = l.document_id
left join organisations o on o.id = coalesce(l.organisation_id, p.organisation_id)
left join commitments c on c.id = l.commitment_id
left join priorities pr on pr.id = coalesce(l.priority_id, c.priority_id)
where :name = '' or p.name like '%' || :name || '%' or p.aliases like '%' || :name || '%'
order by p.name, d.position, l.commitment_id is null, c.position, l.id""",
    },
    "progress_by_priority": {
        "title": "Progress: status of commitments by priority and document",
        "description": (
            "For each priority of each document (document: its id; empty for all), how many commitments "
            "sit under it, how many have progress reported against them, and how many progress updates "
            "report each status (done, in_progress, planned, unknown). Some documents report progress "
            "against the priority rather than a commitment: those updates count in the status columns "
            "but not in commitments_reported."
        ),
        "params": ["document"],
        "sql": f"""with updates as (
  select
    u.document_id,
    coalesce(u.priority_id, c.priority_id) as priority_id,
    u.commitment_id,
    u.status
  from progress_updates u
  left join commitments c on c.id = u.commitment_id
  where :document = '' or u.document_id = :document
),
groups as (
  select document_id, id as priority_id from priorities
  where :document = '' or document_id = :document
  union
  select document_id, priority_id from updates
  union
  select document_id, priority_id from commitments
  where :document = '' or document_id = :document
)
select
  d.borough_id as borough,
  g.document_id,
  d.period_start,
  d.period_end,
  p.number as priority_number,
  p.title as priority,
  (select count(*) from commitments c
     where c.document_id = g.document_id and c.priority_id is g.priority_id) as commitments,
  (select count(distinct u.commitment_id) from updates u
     where u.document_id = g.document_id and u.priority_id is g.priority_id) as commitments_reported,
  (select count(*) from updates u
     where u.document_id = g.document_id and u.priority_id is g.priority_id) as updates,
  (select count(*) from updates u where u.document_id = g.document_id
     and u.priority_id is g.priority_id and u.status = 'done') as done,
  (select count(*) from updates u where u.document_id = g.document_id
     and u.priority_id is g.priority_id and u.status = 'in_progress') as in_progress,
  (select count(*) from updates u where u.document_id = g.document_id
     and u.priority_id is g.priority_id and u.status = 'planned') as planned,
  (select count(*) from updates u where u.document_id = g.document_id
     and u.priority_id is g.priority_id and u.status = 'unknown') as unknown,
  g.priority_id
from groups g
join documents d on d.id = g.document_id
left join priorities p on p.id = g.priority_id
order by {DOCUMENT_ORDER}, p.position is null, p.position""",
    },
    "documents_by_borough": {
        "title": "Documents by borough, with counts of priorities and commitments",
        "description": (
            "Each document of each borough (or of one borough: give its id or name, e.g. barnet or Barnet), "
            "with how many priorities and commitments were read from it."
        ),
        "params": ["borough"],
        "sql": """select
  b.name as borough,
  d.id as document_id,
  d.title,
  d.doc_type,
  d.period_start,
  d.period_end,
  d.status,
  (select count(*) from priorities p where p.document_id = d.id) as priorities,
  (select count(*) from commitments c where c.document_id = d.id) as commitments
from documents d
join boroughs b on b.id = d.borough_id
where :borough = '' or d.borough_id in (select id from boroughs where id = trim(:borough) or lower(name) = lower(trim(:borough)) or lower(official_name) = lower(trim(:borough)))
order by b.name, d.position""",
    },
}

#: The dashboard (datasette-dashboards, at /-/dashboards/community-safety): slug -> definition.
def _neighbour_chart_sql() -> str:
    """neighbour_themes for the dashboard, unpivoted: one row per theme for the borough and one for those it is
    compared with; all years. No borough chosen (the filter is optional on a dashboard), or none of that name:
    every borough's share, so that the chart is never empty."""
    chosen = ("where id = trim(:borough) or lower(name) = lower(trim(:borough)) "
              "or lower(official_name) = lower(trim(:borough))")
    optional = "where 0 [[ or id = trim(:borough) or lower(name) = lower(trim(:borough)) ]]"
    inner = QUERIES["neighbour_themes"]["sql"]
    assert chosen in inner, "neighbour_themes no longer chooses its borough as the chart expects"
    inner = inner.replace(chosen, optional).replace(":year", "''")
    return f"""select n.theme, b.name as who, n.percent_of_commitments as percent, n.commitments, n.compared_with
from ({inner}) n
join boroughs b on b.id in (select id from boroughs {optional})
union all
select n.theme, 'boroughs compared', n.neighbours_percent, n.neighbours_commitments, n.compared_with
from ({inner}) n
union all
select t.label, 'all boroughs', round(100.0 * count(distinct it.commitment_id) / (select count(*) from commitments), 1),
  count(distinct it.commitment_id), 'no borough chosen: every document'
from themes t join item_themes it on it.theme_id = t.id and it.item_kind = 'commitment'
where not exists (select 1 from boroughs {optional})
group by t.id"""


NEIGHBOUR_CHART_SQL = _neighbour_chart_sql()

#: Chart queries may hold ``[[ ... :borough ... ]]``: kept only when the borough filter is set.
DASHBOARD = "community-safety"
DASHBOARDS: dict[str, dict[str, Any]] = {
    DASHBOARD: {
        "title": "Community safety: themes and targets",
        "description": (
            "What the boroughs' documents are about, theme by theme, and how the figures reported "
            "against their targets moved. Choose a borough to see only its documents."
        ),
        "layout": [["shown"], ["about"], ["themes-by-borough-year"], ["borough-beside-neighbours"],
                   ["target-observations"]],
        "filters": {
            "borough": {
                "name": "Borough",
                "type": "select",
                "db": DATABASE,
                "query": "select distinct b.name from documents d join boroughs b on b.id = d.borough_id order by b.name",
            },
        },
        "charts": {
            # What the charts below show, and why they are empty when they are: a borough chosen (by name or
            # id, e.g. from a link) that has no documents, or no such borough. Names come from boroughs, escaped.
            "shown": {
                "title": "Shown",
                "db": DATABASE,
                "library": "metric",
                "query": """with chosen as (
  select id, replace(replace(name, '&', '&amp;'), '<', '&lt;') as name from boroughs
  where 1 [[ and (id = :borough or name = :borough) ]]
),
docs as (select d.period_start, d.period_end from documents d join chosen c on c.id = d.borough_id)
select case
  when (select count(*) from chosen) = 0 then 'No borough has that name or id: choose one above'
  when (select count(*) from docs) = 0 then (select name from chosen) || ' has no documents yet: nothing to chart'
  else coalesce((select name from chosen where (select count(*) from chosen) = 1), 'All boroughs')
       || ': ' || (select count(*) from docs) || ' document' || case when (select count(*) from docs) = 1 then '' else 's' end
       || ', ' || (select min(period_start) from docs) || '-' || (select max(period_end) from docs)
end as shown""",
                "display": {"field": "shown"},
            },
            "about": {
                "library": "markdown",
                "display": (
                    "Themes come from the codebook (`themes`) coded on each commitment (`item_themes`); "
                    "a document counts in the year it starts, and each cell is the share of that year's "
                    "commitments of the borough coded with the theme. Figures are those reported against "
                    "targets (`target_observations`), one small chart per indicator on its own scale, "
                    "as reported (baseline, previous, dated figures, current). Tables of the same: "
                    f"[compare boroughs](/{DATABASE}/compare_boroughs), "
                    f"[targets](/{DATABASE}/target_figures), "
                    f"[commitment history](/{DATABASE}/commitments_matching?q=Community+Trigger)."
                ),
            },
            "themes-by-borough-year": {
                "title": "Themes by borough and year: share of the year's commitments coded with each theme",
                "db": DATABASE,
                "library": "vega-lite",
                "query": """with coded as (
  select
    b.name as borough,
    d.period_start as year,
    t.label as theme,
    t.position as theme_position,
    count(distinct it.commitment_id) as commitments,
    group_concat(distinct d.id) as documents
  from item_themes it
  join themes t on t.id = it.theme_id
  join documents d on d.id = it.document_id
  join boroughs b on b.id = d.borough_id
  where it.item_kind = 'commitment' [[ and (d.borough_id = :borough or b.name = :borough) ]]
  group by b.name, d.period_start, t.id
),
all_commitments as (
  select b.name as borough, d.period_start as year, count(c.id) as commitments
  from commitments c join documents d on d.id = c.document_id join boroughs b on b.id = d.borough_id
  group by b.name, d.period_start
)
select
  coded.*,
  coded.year + 1 as year_end,
  round(100.0 * coded.commitments / nullif(a.commitments, 0), 1) as percent,
  a.commitments as of_commitments
from coded join all_commitments a on a.borough = coded.borough and a.year = coded.year
order by coded.borough, coded.year, coded.theme_position""",
                "display": {
                    "mark": {"type": "rect", "tooltip": True},
                    "width": 560,
                    "encoding": {
                        # years on a time axis: 2015 is next to 2016, not to 2022
                        "x": {
                            "field": "year",
                            "type": "quantitative",
                            "title": "First year of the document",
                            "scale": {"zero": False, "nice": False},
                            "axis": {"format": "d", "tickMinStep": 1, "labelAngle": 0},
                        },
                        "x2": {"field": "year_end"},
                        "y": {
                            "field": "theme",
                            "type": "nominal",
                            "title": None,
                            "sort": {"field": "theme_position", "op": "min"},
                            "axis": {"labelLimit": 320},
                        },
                        "row": {"field": "borough", "type": "nominal", "title": None},
                        "color": {
                            "field": "percent",
                            "type": "quantitative",
                            "title": "% of the year's commitments",
                            # from 0, and a legend that reads 0 to 10 rather than NaN when nothing is coded
                            "scale": {"scheme": "blues", "domain": {"unionWith": [0, 10]}},
                        },
                        "tooltip": [
                            {"field": "borough"}, {"field": "year"}, {"field": "theme"},
                            {"field": "percent", "title": "% of commitments"},
                            {"field": "commitments", "title": "commitments with the theme"},
                            {"field": "of_commitments", "title": "commitments that year"},
                            {"field": "documents"},
                        ],
                    },
                },
            },
            # neighbour_themes as a chart: the chosen borough's share of commitments per theme beside the
            # boroughs it is compared with (its neighbours with documents, else the nearest that have)
            "borough-beside-neighbours": {
                "title": "A borough beside the boroughs it is compared with: share of commitments per theme "
                         "(choose a borough above)",
                "db": DATABASE,
                "library": "vega-lite",
                "query": NEIGHBOUR_CHART_SQL,
                "display": {
                    "mark": {"type": "bar", "tooltip": True},
                    "width": 560,
                    "encoding": {
                        "y": {"field": "theme", "type": "nominal", "title": None, "sort": "-x",
                              "axis": {"labelLimit": 320}},
                        "x": {"field": "percent", "type": "quantitative", "title": "% of commitments"},
                        "yOffset": {"field": "who"},
                        "color": {"field": "who", "type": "nominal", "title": None},
                        "tooltip": [{"field": "who"}, {"field": "theme"}, {"field": "percent", "title": "%"},
                                    {"field": "commitments"}, {"field": "compared_with", "title": "compared with"}],
                    },
                },
            },
            "target-observations": {
                "title": "Figures reported against targets, one chart per indicator, in the order reported",
                "db": DATABASE,
                "library": "vega-lite",
                "query": """with points as (
  select
    b.name as borough,
    t.document_id,
    t.id as target_id,
    t.position,
    t.indicator,
    o.label,
    o.kind,
    o.period,
    o.value,
    o.unit,
    o.value_text,
    case o.kind when 'baseline' then 1 when 'previous' then 2 when 'value' then 3 else 4 end as step,
    case o.kind
      when 'baseline' then 'Baseline'
      when 'previous' then 'Previous 12 months'
      when 'current' then 'Current 12 months'
      else coalesce(o.period, o.label)
    end as point
  from target_observations o
  join targets t on t.id = o.target_id
  join documents d on d.id = t.document_id
  join boroughs b on b.id = d.borough_id
  where o.kind in ('baseline', 'previous', 'value', 'current') and o.value is not null
    [[ and (d.borough_id = :borough or b.name = :borough) ]]
)
select
  points.*,
  round(100.0 * value / first_value(value) over (
    partition by target_id order by step, period
  ), 1) as indexed
from points
order by document_id, position, step, period""",
                "display": {
                    # one small chart per indicator, each on its own scale and in its own unit: a survey's
                    # percentages and a crime count are never drawn against one axis
                    "facet": {"field": "indicator", "type": "nominal", "title": None,
                              "header": {"labelLimit": 260, "labelFontSize": 11}},
                    "columns": 3,
                    "resolve": {"scale": {"y": "independent", "x": "independent"}},
                    "spec": {
                        "width": 220,
                        "height": 110,
                        "mark": {"type": "line", "point": True, "tooltip": True},
                        "encoding": {
                            "x": {
                                "field": "point",
                                "type": "ordinal",
                                "title": None,
                                "sort": {"field": "step", "op": "min"},
                                "axis": {"labelAngle": -30, "labelLimit": 120},
                            },
                            "y": {"field": "value", "type": "quantitative", "title": None, "scale": {"zero": False}},
                            "tooltip": [
                                {"field": "indicator"},
                                {"field": "label"},
                                {"field": "value_text", "title": "figure"},
                                {"field": "unit"},
                                {"field": "borough"},
                                {"field": "document_id"},
                            ],
                        },
                    },
                },
            },
        },
    }
}

#: Datasette ``units`` (Pint unit names, applied to a whole column) beyond those the models give
#: with ``json_schema_extra={"unit": ...}``: table -> column -> unit. Empty today: counts have no
#: unit, years, positions and pages are not quantities, scores run 0 to 1, and the figures of
#: targets carry their unit row by row in a ``unit`` column (percent or count), which a
#: column-wide unit cannot express; see UNIT_NOTES.
UNITS: dict[str, dict[str, str]] = {}

#: Sentences added to column descriptions where the unit differs from row to row.
ROW_UNIT = "Unit: the row's `unit` (percent: -5.0 is minus 5 per cent; count: a number of crimes, cases or people)."
UNIT_NOTES: dict[str, dict[str, str]] = {
    "targets": {"value": ROW_UNIT, "low": ROW_UNIT, "high": ROW_UNIT},
    "target_observations": {"value": ROW_UNIT},
}


def column_units(model: Any) -> dict[str, str]:
    """The Datasette units of a model's columns: from the fields, then from UNITS."""
    units = {}
    for name, info in model.model_fields.items():
        extra = info.json_schema_extra
        if isinstance(extra, dict) and isinstance(extra.get("unit"), str):
            units[name] = extra["unit"]
    units.update(UNITS.get(model.table.name, {}))
    return units


_VIEW_COMMON = {
    "document_id": "Document of the commitment.",
    "borough_id": "Borough of the document.",
    "number": "The commitment's number, if any.",
    "kind": "The commitment's kind.",
    "text": "The commitment's text.",
}

#: The database's views (SQL in extract/enrich/links.py): their descriptions, column by column.
VIEWS: dict[str, dict[str, Any]] = {
    "commitment_fates": {
        "description": "What became of each commitment of an earlier document in each later document of the "
        "same borough, in one wording: continued (the same pledge carried on), revised (reworded or narrowed, "
        "as a person judged), candidate (no link, but unreviewed candidates: it may have carried on), out of "
        "scope (the later document covers only some of the earlier one's priorities, not this one's), not "
        "found. The tier says who decided a link: automatic (the machine, where it is nearly always right) "
        "or reviewed (a person: corpus/reviews.yml). See extract/enrich/continuity.py.",
        "facets": ["fate", "tier", "later_document_id"],
        "columns": {
            **{name: text for name, text in _VIEW_COMMON.items()},
            "commitment_id": "The earlier commitment.",
            "later_document_id": "A later document of the same borough.",
            "fate": "continued, revised, candidate, out of scope or not found, in that document.",
            "tier": "Who decided the link behind a continued or revised fate: automatic or reviewed; null otherwise.",
            "later_commitment_ids": "JSON list of the later commitments it carries on as, continuations first.",
            "candidate_ids": "JSON list of its unreviewed candidates there (rank 5 or better), best first, when "
            "its fate is candidate (link_candidates).",
            "score": "Similarity of the best link (0 to 1); null without a link.",
        },
    },
    "fate_counts": {
        "description": "For each document and each later document of its borough, how many of its commitments "
        "met each fate (commitment_fates), and how many links behind them were automatic or reviewed.",
        "columns": {
            "borough_id": "Borough of the documents.",
            "document_id": "The earlier document.",
            "later_document_id": "The later document.",
            "commitments": "Commitments of the earlier document.",
            "continued": "Carried on as the same pledge.",
            "revised": "Reworded or narrowed (reviewed).",
            "candidate": "Not linked, with unreviewed candidates.",
            "out_of_scope": "Under a priority the later document does not cover.",
            "not_found": "None of these.",
            "reviewed": "Continued or revised by a reviewed link.",
            "automatic": "Continued or revised by an automatic link.",
        },
    },
    "new_commitments": {
        "description": "For each commitment of a document that has an earlier one in its borough: is it new, "
        "does it carry on an earlier commitment (continued, revised: with the tier of the link), or is it an "
        "unreviewed candidate for one?",
        "facets": ["status", "tier"],
        "columns": {
            **{name: text for name, text in _VIEW_COMMON.items()},
            "commitment_id": "The commitment.",
            "is_new": "1 when its status is new.",
            "status": "new, continued, revised or candidate.",
            "tier": "automatic or reviewed, for a continued or revised status.",
            "earlier_commitment_ids": "JSON list of the earlier commitments it carries on.",
        },
    },
}


def table_metadata() -> dict[str, Any]:
    """Per-table metadata, from the models (and the views' own descriptions)."""
    tables: dict[str, Any] = copy.deepcopy(VIEWS)
    for model in RECORD_TYPES:
        table = model.table
        entry: dict[str, Any] = {"description": table.description}
        if table.label_column:
            entry["label_column"] = table.label_column
        if table.facets:
            entry["facets"] = list(table.facets)
        if table.sort:
            entry["sort"] = table.sort
        if table.sort_desc:
            entry["sort_desc"] = table.sort_desc
        if table.size:
            entry["size"] = table.size
        notes = UNIT_NOTES.get(table.name, {})
        entry["columns"] = {
            name: " ".join(filter(None, [info.description, notes.get(name)]))
            for name, info in model.model_fields.items()
        }
        units = column_units(model)
        if units:
            entry["units"] = units
        tables[table.name] = entry
    return tables


def queries_metadata() -> dict[str, Any]:
    """The canned queries, their SQL folded away on their pages (a link shows it)."""
    return {name: {**copy.deepcopy(query), "hide_sql": True} for name, query in QUERIES.items()}


def metadata() -> dict[str, Any]:
    """The whole Datasette metadata."""
    return {
        **SITE,
        "databases": {
            DATABASE: {
                "description": "The extracted records. Table and column names are a stable public contract.",
                "tables": table_metadata(),
                "queries": queries_metadata(),
            }
        },
        "plugins": {"datasette-dashboards": copy.deepcopy(DASHBOARDS)},
    }


HEADER = (
    "# Generated by `strategy-extract metadata` from models/ and extract/publish/site.py.\n"
    "# Edit those and regenerate (make metadata); do not edit this file by hand.\n"
)


class _Literal(str):
    """A string written as a YAML literal block (SQL stays readable in metadata.yml)."""


def _literal(dumper: yaml.SafeDumper, value: _Literal) -> yaml.Node:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")


def metadata_yaml() -> str:
    """metadata.yml as text."""
    yaml.add_representer(_Literal, _literal, Dumper=yaml.SafeDumper)
    data = metadata()
    for query in data["databases"][DATABASE]["queries"].values():
        query["sql"] = _Literal(query["sql"])
    for dashboard in data["plugins"]["datasette-dashboards"].values():
        for chart in dashboard["charts"].values():
            if "query" in chart:
                chart["query"] = _Literal(chart["query"])
    return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
