"""What became of each commitment: the fates, one wording everywhere (the views the site reads).

A commitment of an earlier document has, in each later document of its borough, one fate:

- **continued**: a `continues` link: the same pledge carried on (``tier``: *automatic*, when the
  machine is nearly always right about it, or *reviewed*, when a person confirmed it);
- **revised**: a `revised` link, reworded or narrowed (a person's judgement: ``tier`` *reviewed*);
- **candidate**: no link, but the later document has commitments ranked among its closest
  (``link_candidates``, rank 5 or better) that nobody has reviewed yet: it may have carried on;
- **out of scope**: the later document covers only some of the earlier one's priorities (an action
  plan for one outcome of a strategy) and not this commitment's: at least three links reach the later
  document, all from at most half the earlier document's top-level priorities, and none from this one;
- **not found**: none of these; dropped, or reworded past what the candidates reach.

The machine does not call anything "dropped": a commitment not found may still be there in other words.
"""

from __future__ import annotations

#: A document's place in time, as :func:`models.document_order` has it (unknown publication last), without
#: the id: a document is *later* than another only when it comes after it in time, not by name.
_ORDER = "({d}.period_start, coalesce({d}.published, '9999-12-31'), {d}.period_end)"


def _later(later: str, earlier: str) -> str:
    """SQL: document alias ``later`` comes after ``earlier``, same borough, and could be read."""
    return (
        f"{later}.borough_id = {earlier}.borough_id and {later}.status != 'failed' "
        f"and {_ORDER.format(d=later)} > {_ORDER.format(d=earlier)}"
    )

#: Candidates ranked this well or better count as "candidate" (the rank recall@5 is measured at).
CANDIDATE_RANK = 5
#: Links a later document needs before its reach says it covers only some priorities.
SCOPE_LINKS = 3
FATES = ("continued", "revised", "candidate", "out of scope", "not found")

_TOPS = """tops as (  -- each commitment's top-level priority (an area's parent), null when it has none
    select c.id, c.document_id, coalesce(p.parent_id, p.id) as top
    from commitments c left join priorities p on p.id = c.priority_id
)"""

_CARRIED = """carried as (
    select l.from_commitment_id, l.to_commitment_id, l.from_document_id, l.to_document_id, l.type, l.score,
           case when l.method = 'reviewed' then 'reviewed' else 'automatic' end as tier
    from commitment_links l
    where l.type in ('continues', 'revised')
)"""


def fates_view_sql() -> str:
    """SQL for the view ``commitment_fates``: one row per commitment of an earlier document and later document
    of its borough, with its fate, the tier of the link that gives it, and the later commitments (JSON)."""
    return f"""create view commitment_fates as
with {_TOPS},
{_CARRIED},
reach as (  -- the top-level priorities of the earlier document that links reach in a later one
    select k.from_document_id as document_id, k.to_document_id as later_document_id, t.top, count(*) as links
    from carried k join tops t on t.id = k.from_commitment_id
    group by 1, 2, 3
),
narrow as (  -- later documents that cover only some of an earlier document's priorities
    select r.document_id, r.later_document_id from reach r
    group by 1, 2
    having sum(r.links) >= {SCOPE_LINKS} and count(r.top) = count(*)
       and 2 * count(r.top) <= (select count(distinct t.top) from tops t where t.document_id = r.document_id)
),
pairs as (
    select c.id as commitment_id, c.document_id, d.borough_id, c.number, c.kind, c.text, c.position,
           later.id as later_document_id, later.position as later_position,
           exists (select 1 from carried k where k.from_commitment_id = c.id and k.to_document_id = later.id
                   and k.type = 'continues') as continued,
           exists (select 1 from carried k where k.from_commitment_id = c.id and k.to_document_id = later.id)
               as linked,
           exists (select 1 from link_candidates lc where lc.from_commitment_id = c.id
                   and lc.to_document_id = later.id and lc.rank <= {CANDIDATE_RANK} and lc.verdict is null) as candidate,
           exists (select 1 from narrow n join tops t on t.id = c.id
                   where n.document_id = c.document_id and n.later_document_id = later.id and t.top is not null
                     and t.top not in (select r.top from reach r where r.document_id = c.document_id
                                       and r.later_document_id = later.id and r.top is not null)) as out_of_scope
    from commitments c
    join documents d on d.id = c.document_id
    join documents later on {_later("later", "d")}
)
select
    p.commitment_id, p.document_id, p.borough_id, p.number, p.kind, p.text, p.later_document_id,
    case
        when p.continued then 'continued'
        when p.linked then 'revised'
        when p.out_of_scope then 'out of scope'
        when p.candidate then 'candidate'
        else 'not found'
    end as fate,
    (select k.tier from carried k where k.from_commitment_id = p.commitment_id
       and k.to_document_id = p.later_document_id
     order by k.type = 'continues' desc, k.tier = 'reviewed' desc, k.score desc limit 1) as tier,
    case when p.linked then (select json_group_array(to_commitment_id) from (
        select k.to_commitment_id from carried k
        where k.from_commitment_id = p.commitment_id and k.to_document_id = p.later_document_id
        order by k.type = 'continues' desc, k.score desc, k.to_commitment_id))
    else '[]' end as later_commitment_ids,
    case when not p.linked and not p.out_of_scope and p.candidate then (select json_group_array(to_commitment_id) from (
        select lc.to_commitment_id from link_candidates lc
        where lc.from_commitment_id = p.commitment_id and lc.to_document_id = p.later_document_id
          and lc.rank <= {CANDIDATE_RANK} and lc.verdict is null
        order by lc.rank))
    else '[]' end as candidate_ids,
    (select max(k.score) from carried k where k.from_commitment_id = p.commitment_id
     and k.to_document_id = p.later_document_id) as score
from pairs p
join documents d on d.id = p.document_id
order by d.position, p.position, p.later_position"""


def fate_counts_view_sql() -> str:
    """SQL for the view ``fate_counts``: how many commitments of each document met each fate in each later one."""
    columns = ",\n    ".join(f"sum(fate = '{fate}') as [{fate.replace(' ', '_')}]" for fate in FATES)
    return f"""create view fate_counts as
select
    f.borough_id, f.document_id, f.later_document_id, count(*) as commitments,
    {columns},
    sum(fate in ('continued', 'revised') and tier = 'reviewed') as reviewed,
    sum(fate in ('continued', 'revised') and tier = 'automatic') as automatic
from commitment_fates f
join documents d on d.id = f.document_id
join documents later on later.id = f.later_document_id
group by f.document_id, f.later_document_id
order by d.position, later.position"""


def new_commitments_view_sql() -> str:
    """SQL for the view ``new_commitments``: is each commitment of a later document new?

    One row per commitment of a document that has an earlier document of its borough: ``status`` is
    continued or revised (a link comes into it, ``tier`` automatic or reviewed), candidate (no link, but an
    earlier commitment ranks it among its closest, unreviewed), or new; ``is_new`` is 1 for new alone.
    """
    return f"""create view new_commitments as
select commitment_id, document_id, borough_id, number, kind, text, status = 'new' as is_new, status, tier,
    earlier_commitment_ids
from (
with {_CARRIED},
incoming as (
    select k.* from carried k
    join documents fd on fd.id = k.from_document_id
    join documents td on td.id = k.to_document_id
    where {_later("td", "fd")}
)
select
    c.id as commitment_id, c.document_id, d.borough_id, c.number, c.kind, c.text,
    case
        when exists (select 1 from incoming k where k.to_commitment_id = c.id and k.type = 'continues')
            then 'continued'
        when exists (select 1 from incoming k where k.to_commitment_id = c.id) then 'revised'
        when exists (select 1 from link_candidates lc join documents fd on fd.id = lc.from_document_id
                     where lc.to_commitment_id = c.id and lc.reverse_rank <= {CANDIDATE_RANK} and lc.verdict is null
                       and {_later("d", "fd")}) then 'candidate'
        else 'new'
    end as status,
    (select k.tier from incoming k where k.to_commitment_id = c.id
     order by k.type = 'continues' desc, k.tier = 'reviewed' desc, k.score desc limit 1) as tier,
    (select json_group_array(from_commitment_id) from (
        select k.from_commitment_id from incoming k where k.to_commitment_id = c.id
        order by k.type = 'continues' desc, k.score desc, k.from_commitment_id
    )) as earlier_commitment_ids
from commitments c
join documents d on d.id = c.document_id
where exists (select 1 from documents earlier where {_later("d", "earlier")})
order by d.position, c.position
)"""

