"""Tests for speaker attribution in corpus_tools.quotes (attribute, discourse, speech, lexicon).

The sentence tables run :func:`extract_quotes` with the ``generic`` domain pack's actor table
(what a corpus on another topic gets), so speakers are named as the text names them.

Each rule has a table of realistic news sentences (written for these tests, on topics other than
the bundled corpus) with the speaker a reader gives. The gold-set tests score the rules on the
bundled (in-sample) gold and on the out-of-sample set in data/annotations/quotes_oos/ (dev and
test splits; skipped when that folder is absent).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from corpus_tools import domains, paths
from corpus_tools.errors import CorpusError
from corpus_tools.quotes import (
    ATTRIBUTION_COLUMNS,
    RESOURCE_FOLDER,
    AttributionError,
    QuoteError,
    attribute_quotes,
    evaluate_attribution,
    evaluate_out_of_sample,
    extract_quotes,
    load_actor_table,
    load_attribution_resources,
    load_gold_quotes,
    merge_multiparagraph_quotes,
)

GENERIC = load_actor_table(domains.load_domain("generic").path("actors"))


def extract_attributed_quotes(text: str, **options):
    """extract_quotes with the generic pack's actor table unless ``actors`` is given."""
    return extract_quotes(text, **{"actors": GENERIC, **options})

OOS_DIR = paths.DATA_DIR / "annotations" / "quotes_oos"


def speakers(text: str, **options) -> list[str]:
    return extract_attributed_quotes(text, **options)["speaker"].tolist()


def last_speaker(text: str) -> str:
    out = extract_attributed_quotes(text)
    assert len(out), f"no quotation found in {text!r}"
    return out["speaker"].iloc[-1]


# ---------------------------------------------------------------- speech verbs in any position

VERB_POSITIONS = [
    ('"We are not going anywhere," said Jane Doe, a spokeswoman for the union.', "Jane Doe", "quote_cue_speaker"),
    ('"We were never consulted," Peter Smith said.', "Peter Smith", "quote_speaker_cue"),
    ('"It is a scandal," says Peter Lang, who chairs the residents\' association.', "Peter Lang",
     "quote_cue_speaker"),
    ('Ana Ruiz, 34, said: "I have nowhere else to go."', "Ana Ruiz", "speaker_cue_quote"),
    ('Said Ms Okoro: "People are paying more for less."', "Okoro", "speaker_cue_quote"),
    ('"We deserved more today," manager Steve Cooper told reporters.', "Steve Cooper", "quote_speaker_cue"),
    ('"It was never a penalty," said the club\'s chairman, Ian Holt.', "Ian Holt", "quote_cue_speaker"),
    ('"We have nothing to hide," said councillor Jim Platt.', "Jim Platt", "quote_cue_speaker"),
    ('According to Dr Helen Park, "the figures are worse than they look."', "Helen Park", "according_to"),
    ('"Prices will keep rising," according to Mark Ellis, an economist at Farley Bank.', "Mark Ellis",
     "according_to"),
    ('Council leader Anne Byrne said: "The budget is balanced."', "Anne Byrne", "speaker_cue_quote"),
    ('"Directors cannot hide behind their companies," an inspector with the regulator, Rosa Lind, said.',
     "Rosa Lind", "quote_speaker_cue"),
]


@pytest.mark.parametrize("text, speaker, pattern", VERB_POSITIONS)
def test_speech_verb_in_any_position(text, speaker, pattern):
    row = extract_attributed_quotes(text).iloc[0]
    assert (row["speaker"], row["pattern"]) == (speaker, pattern)
    assert text[row["speaker_start"]:row["speaker_end"]] == row["speaker_text"]


def test_split_quote_both_halves():
    out = extract_attributed_quotes('"First, we listen," Joan Marsh said, "and then we act."')
    assert out["speaker"].tolist() == ["Joan Marsh", "Joan Marsh"]
    assert out["pattern"].tolist() == ["quote_speaker_cue", "speaker_cue_quote"]


# ---------------------------------------------------------------- reported speech introduces speakers

REPORTED_THEN_PRONOUN = [
    # the earlier speaker is of the same gender: recency of the reported speech decides
    ('"We will not close the ward," said Tom Hardy, the hospital manager.\n\n'
     'Dr Owen Blake, a surgeon, warned the list would keep growing.\n\n'
     'He said: "We have the surgeons. We do not have the rooms."', "Owen Blake"),
    ('Karen Holt spoke first. Dr Miriam Lowe, the clinical director, warned that waits would grow.\n\n'
     '"We do not have the rooms," she said.', "Miriam Lowe"),
    ('According to Professor Ruth Adams, the results were clear. "Nobody expected it," she said.', "Ruth Adams"),
    ('Derek Ashworth, 67, a retired postman, has waited a year.\n\n'
     '"I used to walk the dog every morning," he said.', "Derek Ashworth"),
    ('Gemma Price, who has worked on the line for 19 years, said she had heard rumours.\n\n'
     '"Half this town has worked here," she said.', "Gemma Price"),
    ('DHS official Mark Stone defended the rule and said it was lawful. "We follow the law," he said.',
     "Mark Stone"),
]


@pytest.mark.parametrize("text, speaker", REPORTED_THEN_PRONOUN)
def test_reported_speech_makes_the_most_recent_speaker(text, speaker):
    assert last_speaker(text) == speaker


# ---------------------------------------------------------------- pronouns: gender and kind

PRONOUN_AGREEMENT = [
    ('John Reed spoke after Mary Cole, who said the scheme had failed. "It has not failed," he said.', "John Reed"),
    ('Mary Cole spoke after John Reed, who said the scheme had worked. "It has failed," she said.', "Mary Cole"),
    ('Mr Patel met Ms Grant on Monday. Ms Grant said the talks went well. "We agreed on a lot," she said.',
     "Grant"),
    ('Lena Frost scored twice. "I just kept running," the 28-year-old said.', "Lena Frost"),
    ('The city council said it would review the decision. "We will listen to residents," it said.', "city council"),
    ('Officials said the road would reopen on Friday. "We are doing all we can," they said.', "officials"),
    ('Rates will rise again, the bank said. "Inflation is too high," it added.', "bank"),
    ('The report said teaching was uneven. "Leaders have not acted," it said.', "the report"),
]


@pytest.mark.parametrize("text, speaker", PRONOUN_AGREEMENT)
def test_pronoun_resolves_to_most_recent_compatible_speaker(text, speaker):
    assert last_speaker(text) == speaker


def test_unresolvable_pronoun_gives_no_speaker():
    row = extract_attributed_quotes('"We are closing," she said.').iloc[0]
    assert (row["speaker"], row["resolution"], bool(row["resolved"])) == ("", "unresolved", False)


# ---------------------------------------------------------------- organisations, roles, documents

ORGANISATIONS_AND_ROLES = [
    ('"We are looking into it," a spokeswoman for the Ministry of Health said.', "Ministry of Health"),
    ('The ministry defended the plan. "The money is there," the ministry said in a statement.', "ministry"),
    ('The transport ministry raised fares. "It is a fair balance," the ministry said.', "transport ministry"),
    ('The governing body\'s standards committee wrote to parents. "We accept our share of responsibility," '
     'the committee said.', "standards committee"),
    ('In a statement, Vale Water said: "We apologise to our customers."', "Vale Water"),
    ('Police said two men had been arrested. "Inquiries are continuing," a police spokesman said.', "police"),
    ('The local authority, Westfield Borough Council, said it would help. A spokeswoman for the council said '
     'there were no plans to change. "Our focus is on the children," the spokeswoman said.',
     "Westfield Borough Council"),
    ('The developer, Ashcroft Homes, promised a bus service. "We have listened," a spokesman for the firm said.',
     "Ashcroft Homes"),
    ('Harbour Rail said services would resume. "Engineers worked through the night," the company said.',
     "Harbour Rail"),
    ('"We will appeal," the statement read.', "the statement"),
    ('The Campaign to Protect Rural England objected. "The council ignored its own plan," the group said.',
     "Campaign to Protect Rural England"),
    ('Some parents said they had raised concerns for years. "Nobody listened," they said.', "parents"),
]


@pytest.mark.parametrize("text, speaker", ORGANISATIONS_AND_ROLES)
def test_organisations_roles_and_documents_speak(text, speaker):
    assert last_speaker(text) == speaker


# ---------------------------------------------------------------- definite descriptions, names, titles

DESCRIPTIONS_AND_NAMES = [
    ('The mayor, Carl Dunn, warned that the budget would be cut.\n\n"There is no money left," the mayor said.',
     "Carl Dunn"),
    ('Greenfield Energy said profits fell. Its chief executive, Sara Quinn, said the winter was hard.\n\n'
     '"We expected a difficult year," the chief executive said.', "Sara Quinn"),
    ('Judge Patricia Holmes said the wall was dangerous. "You were told," the judge said.', "Patricia Holmes"),
    ('Sandeep Gill, a union organiser, said staff were tired.\n\n"Our members want to work," said Mr Gill.',
     "Sandeep Gill"),
    ('Asked whether he would resign, Mr Platt said: "No."', "Platt"),
    ("Outside court, Ms Whitaker's brother, Daniel, read a statement. \"Anne was kind,\" he said.",
     "Daniel Whitaker"),
    ('The hospital spokeswoman Jane Doe said: "Visiting is suspended."', "Jane Doe"),
    ('The judge, Recorder Anthony Hale, told the jury: "Decide on the evidence."', "Anthony Hale"),
]


@pytest.mark.parametrize("text, speaker", DESCRIPTIONS_AND_NAMES)
def test_descriptions_surnames_and_titles(text, speaker):
    assert last_speaker(text) == speaker


# ---------------------------------------------------------------- continuation and paragraphs

def test_continuation_within_a_paragraph():
    text = 'Nadia Hussain has a son in year four. "He brought home the same book," she said. "I was told not to worry."'
    out = extract_attributed_quotes(text)
    assert out["speaker"].tolist() == ["Nadia Hussain", "Nadia Hussain"]
    assert out["pattern"].tolist() == ["quote_speaker_cue", "continuation"]


def test_a_quote_paragraph_without_cue_continues_the_last_speaker():
    text = ('Councillor Ruth Evans said the vote was a mistake.\n\n'
            '"We will bring it back next month."')
    row = extract_attributed_quotes(text).iloc[0]
    assert (row["speaker"], row["pattern"]) == ("Ruth Evans", "paragraph_speaker")


def test_multi_paragraph_quote_is_one_row_with_its_speaker():
    text = ('Dr Ravi Shah said the trial had been stopped early.\n\n'
            '"The results were so clear that it would have been wrong to continue.\n\n'
            '"Patients in the control group will now be offered the drug."')
    out = extract_attributed_quotes(text)
    assert len(out) == 1
    assert out.loc[0, "speaker"] == "Ravi Shah"
    assert out.loc[0, "quote"].startswith("The results") and out.loc[0, "quote"].endswith("the drug.")


def test_merge_multiparagraph_quotes_joins_detection_rows():
    text = '“One thing.\n\n“Another,” she said.'
    q = pd.DataFrame({"start": [1, 14], "end": [11, 22], "quote": ["One thing.", "Another,"],
                      "kind": ["direct", "direct"], "mark_start": [0, 13], "mark_end": [11, 23]})
    merged = merge_multiparagraph_quotes(text, q)
    assert merged[["start", "end", "mark_start", "mark_end"]].values.tolist() == [[1, 22, 0, 23]]
    assert merged.loc[0, "quote"] == text[1:22]
    closed = q.assign(end=[10, 22], mark_end=[11, 23])  # first part closed: two quotes, not one
    closed.loc[0, "quote"] = text[1:10]
    assert len(merge_multiparagraph_quotes('“One thing”\n\n“Another,” she said.', closed)) == 2


MORE_NAMES = [
    ("Labour's Jane Doe said the plan was flawed. \"It will not work,\" she said.", "Jane Doe"),
    ('Dr Ken Ito, of the Marine Institute, said: "The reef is recovering."', "Ken Ito"),
    ('"Why now?" asked Ms Vance.', "Vance"),
    ('The Australian won in straight sets. Nick Kyle said he was tired. "I had nothing left," the Australian said.',
     "Nick Kyle"),
    ('Tom Green and his wife, Sara, run the shop. "Business is down," she said.', "Sara Green"),
    ('Ben Ade, speaking at the launch, said: "This is a big day for the town."', "Ben Ade"),
    ('Lady Justice Amoah dismissed the appeal. "The council acted lawfully," the decision said.', "the decision"),
    ('The national federation said it would appeal. "We will look at every option," it said.',
     "national federation"),
    ('Harbour Water apologised. A spokesperson for the company said: "We are sorry." '
     'The spokesperson added: "It will not happen again."', "Harbour Water"),
]


@pytest.mark.parametrize("text, speaker", MORE_NAMES)
def test_possessives_nationalities_families_and_documents(text, speaker):
    assert last_speaker(text) == speaker


def test_multi_paragraph_quote_with_its_cue_at_the_end():
    text = '"The first paragraph of it.\n\n"The second paragraph," said Leo Marsh.'
    row = extract_attributed_quotes(text).iloc[0]
    assert (row["speaker"], row["pattern"]) == ("Leo Marsh", "quote_cue_speaker")


# ---------------------------------------------------------------- whole articles (written for these tests)

COUNCIL = """Westmoor council approves new housing estate despite protests

Paul Kirby, who chairs the planning committee, said the town needed the houses. "We cannot keep telling young families there is no room for them," he said.

Opposition councillor Denise Ward warned the roads would not cope with the extra traffic.

She said: "Nobody has explained how another 700 cars will get through the high street every morning."

The developer, Ashcroft Homes, said it would pay for a new roundabout. "We have listened to residents and changed the plans three times," a spokesman for the firm said.

Residents booed the decision. Margaret Oduya, 71, has lived next to the site for forty years.

"I watched the hares from my kitchen window every spring," she said. "My grandchildren will never see that."

The Campaign to Protect Rural England said it was considering a legal challenge. "The council has ignored its own local plan," the group said.

Mr Kirby rejected the criticism. "Every objection was read and every objection was answered," he said.
"""
BUSES = """Bus operator cuts evening services across Eastmere

Eastmere Buses will withdraw most services after 8pm from next month, the company said on Monday.

In a statement, the operator said it had "no realistic alternative" after failing to recruit drivers. It said it would review the timetable in six months.

The county council's transport lead, Councillor Priya Nair, said she was "deeply disappointed" by the decision.

"Thousands of people rely on these buses to get home from work," she said. "We were given two weeks' notice.

"That is not how a partner behaves, and I have told the company so."

Passenger group Bus Users Eastmere said the cuts would hit shift workers hardest. Its chair, Graham Toft, said: "For many people the last bus is the only bus."

Asked about the criticism, the company's managing director, Claire Dawson, said the firm had lost money on evening routes.

"We understand the frustration," she said. "But we cannot run buses without drivers."

A spokesman for the Department for Transport said funding was available. "Local authorities have the tools they need," he said.
"""
SPORT = """City hold on for draw after late scare

Hartley City drew 2-2 with Brenton Rovers on Saturday, but manager Alan Firth said his side had been fortunate.

"We were second best for an hour," Firth told reporters. "The players know that."

Rovers striker Kwame Boateng gave the visitors the lead. The 24-year-old, who joined in the summer, said he had been working on his finishing.

"I have been staying behind after training every day," Boateng said. "It is nice when it pays off."

Rovers boss Maria Sandoval praised her players. "We never stopped believing," she said.
"""
ARTICLES = [
    (COUNCIL, ["Paul Kirby", "Denise Ward", "Ashcroft Homes", "Margaret Oduya", "Margaret Oduya",
               "Campaign to Protect Rural England", "Paul Kirby"]),
    (BUSES, ["Eastmere Buses", "Priya Nair", "Priya Nair", "Priya Nair", "Graham Toft", "Claire Dawson",
             "Claire Dawson", "Department for Transport"]),
    (SPORT, ["Alan Firth", "Alan Firth", "Kwame Boateng", "Kwame Boateng", "Maria Sandoval"]),
]


@pytest.mark.parametrize("text, expected", ARTICLES, ids=["council", "buses", "sport"])
def test_whole_articles(text, expected):
    assert speakers(text) == expected


# ---------------------------------------------------------------- not speech

NOT_SPEECH = [
    ('The board runs a scheme it calls "Right Care, Right Place".', ""),
    ('Ms Reid said a new "flexi-season" ticket would be on sale from the summer.', ""),
    ('The paper, "A water-bearing atmosphere on a warm super-Earth", has been accepted.', ""),
    ('Tom Richards said the staff were "doing their best with very little".', "Tom Richards"),
    ('Richard Osei called the closure "a hammer blow" and said he would act.', "Richard Osei"),
]


@pytest.mark.parametrize("text, speaker", NOT_SPEECH)
def test_labels_and_titles_are_not_speech(text, speaker):
    assert last_speaker(text) == speaker


# ---------------------------------------------------------------- the table it returns

def test_rows_and_offsets_are_those_of_detection():
    text = ('Jane Roe, a nurse, said the ward was full. "We have no beds," she said. '
            'It was "zero tolerance" policy.')
    detected = extract_quotes(text, include_indirect=True)
    out = attribute_quotes(text, detected)
    assert len(out) == len(detected)
    assert out[["start", "end", "quote", "kind"]].equals(detected[["start", "end", "quote", "kind"]])
    assert set(ATTRIBUTION_COLUMNS) <= set(out.columns)
    assert (out["quote"] == [text[s:e] for s, e in zip(out["start"], out["end"])]).all()
    indirect = out[out["kind"] == "indirect"]
    assert indirect["speaker"].tolist() == detected.loc[detected["kind"] == "indirect", "speaker"].tolist()
    assert str(out["speaker_start"].dtype) == "Int64"


def test_same_input_same_output():
    text = ('The committee said it would act. "We will not wait," it said.\n\n'
            'A spokeswoman for Vale Water said: "We are sorry."')
    first, second = extract_attributed_quotes(text), extract_attributed_quotes(text)
    pd.testing.assert_frame_equal(first, second)


def test_actor_table_gives_canonical_names_and_types():
    text = 'The president blamed Democrats. "Separating families is their fault," he wrote.'
    plain = extract_attributed_quotes(text).iloc[0]
    table = extract_attributed_quotes(text, actors=load_actor_table()).iloc[0]
    assert (table["speaker"], table["actor_type"]) == ("Donald Trump", "us_federal_government")
    assert plain["actor_type"] == "unknown"


# ---------------------------------------------------------------- errors

def test_bad_input_errors():
    with pytest.raises(AttributionError, match="text must be a str"):
        attribute_quotes(b"x", extract_quotes("x"))
    with pytest.raises(AttributionError, match="quotes must be a DataFrame"):
        attribute_quotes("x", [])
    with pytest.raises(AttributionError, match=r"lacks column\(s\) \['mark_start', 'mark_end'\]"):
        attribute_quotes('"a b," she said.', extract_quotes('"a b," she said.').drop(columns=["mark_start",
                                                                                         "mark_end"]))
    with pytest.raises(AttributionError, match="do not fit a text of 3 characters"):
        attribute_quotes("abc", extract_quotes('"Stop it now," she said.'))
    with pytest.raises(AttributionError, match="window must be a non-negative int"):
        attribute_quotes("x", extract_quotes("x"), window=-1)
    with pytest.raises(AttributionError, match="actors must be a DataFrame"):
        attribute_quotes("x", extract_quotes("x"), actors="actors.csv")
    with pytest.raises(QuoteError, match="not in texts"):
        evaluate_attribution({}, pd.DataFrame({"file": ["a"], "kind": ["direct"], "speaker": [""],
                                               "quote": ["q"], "note": [""]}))
    assert issubclass(AttributionError, CorpusError)


@pytest.fixture()
def resource_copy(tmp_path) -> Path:
    folder = tmp_path / "attribution"
    shutil.copytree(RESOURCE_FOLDER, folder)
    return folder


RESOURCE_ERRORS = [
    ("roles.csv", "spokeswoman,person,f", "spokeswoman,person,x", r"roles.csv, line \d+, field 'gender': 'x'"),
    ("roles.csv", "committee,organisation,", "committee,body,", r"roles.csv, line \d+, field 'entity': 'body'"),
    ("speech_verbs.csv", "said,both", "said,often", r"speech_verbs.csv, line \d+, field 'use': 'often'"),
    ("speech_verbs.csv", "said,both", "Said,both", r"speech_verbs.csv, line \d+, field 'form': 'Said' must be lowercase"),
    ("speech_verbs.csv", "says,both", "said,both", r"speech_verbs.csv, line \d+, field 'form': 'said' repeats line"),
    ("pronouns.csv", "he,person,m", "he,persons,m", r"pronouns.csv, line \d+, field 'refers': 'persons'"),
    ("first_names.csv", "Miriam,f", "Miriam,", r"first_names.csv, line \d+, field 'gender': empty"),
    ("titles.csv", "title,gender", "title,sex", r"titles.csv, line \d+: header is 'title,sex'"),
    ("roles.csv", "spokeswoman,person,f", "spokeswoman,person", r"roles.csv, line \d+: 2 fields, expected 3"),
]


@pytest.mark.parametrize("name, old, new, message", RESOURCE_ERRORS)
def test_resource_files_are_validated(resource_copy, name, old, new, message):
    path = resource_copy / name
    text = path.read_text(encoding="utf-8")
    assert f"\n{old}\n" in text
    path.write_text(text.replace(f"\n{old}\n", f"\n{new}\n", 1), encoding="utf-8")
    with pytest.raises(AttributionError, match=message):
        load_attribution_resources(resource_copy)


def test_missing_resource_file(resource_copy):
    (resource_copy / "titles.csv").unlink()
    with pytest.raises(AttributionError, match="titles.csv: resource file not found"):
        load_attribution_resources(resource_copy)


def test_edited_resources_change_the_result(resource_copy):
    text = 'Sam Kerr spoke first. "It is over," she said.'
    assert last_speaker(text) == "Sam Kerr"  # unknown gender: compatible with "she"
    names = resource_copy / "first_names.csv"
    names.write_text(names.read_text(encoding="utf-8") + "Sam,m\n", encoding="utf-8")
    res = load_attribution_resources(resource_copy)
    assert extract_attributed_quotes(text, resources=res)["speaker"].tolist() == [""]


# ---------------------------------------------------------------- gold sets

def _texts(folder: Path, files) -> dict[str, str]:
    return {f: (folder / f).read_text(encoding="utf-8") for f in files}


@pytest.fixture(scope="module")
def bundled():
    gold = load_gold_quotes(paths.DATA_DIR / "annotations" / "gold_quotes.csv")
    return _texts(paths.RAW_DIR, sorted(set(gold["file"]))), gold


def test_in_sample_bundled_gold(bundled):
    """In-sample (the bundled texts). Measured, quotes in marks, 38 gold: span P = R = 1.0;
    attribution accuracy 0.895 with the immigration pack's actor table (34/38: the text's
    "state officials" and "AGs" are kept where the gold gives the table's "attorneys general"),
    0.789 with an empty table (the gold names speakers by the table's canonical names)."""
    texts, gold = bundled
    score = evaluate_attribution(texts, gold, extractor=lambda t: extract_quotes(t, actors=load_actor_table())).iloc[0]
    assert score["span_recall"] >= 0.95 and score["span_precision"] >= 0.95
    assert score["attribution_accuracy"] >= 0.86


def _oos(split: str):
    if not (OOS_DIR / "gold_quotes.csv").is_file():
        pytest.skip(f"{OOS_DIR} is absent (the out-of-sample gold set is merged separately)")
    meta = pd.read_csv(OOS_DIR / "texts" / "metadata.csv", dtype=str)
    files = sorted(meta.loc[meta["split"] == split, "file"])
    gold = load_gold_quotes(OOS_DIR / "gold_quotes.csv")
    gold = gold[gold["file"].isin(files)].reset_index(drop=True)
    return _texts(OOS_DIR / "texts", files), gold


def test_out_of_sample_dev_split():
    """Dev split (oos_01-06, 59 quotations; the rules were developed on it): measured when written
    span P = R = 1.0, attribution accuracy 1.0 (extract_quotes: 0.22)."""
    _oos("dev")
    score = evaluate_out_of_sample(split="dev").iloc[0]
    assert score["span_recall"] >= 0.95
    assert score["attribution_accuracy"] >= 0.95


def test_out_of_sample_test_split():
    """Test split (oos_07-16, 92 quotations, held out: evaluated once, after the rules were frozen at
    commit ddb7da5). Measured then: span P = R = 1.0 (92/92), attribution accuracy 0.902 (83/92;
    the superseded attribution: 0.196); the same after the move into corpus_tools.quotes with the
    generic pack's actor table. Floors: the measured values minus a small margin."""
    _oos("test")
    score = evaluate_out_of_sample(split="test").iloc[0]
    assert score["span_recall"] >= TEST_SPAN_RECALL_FLOOR
    assert score["attribution_accuracy"] >= TEST_ATTRIBUTION_FLOOR


# Set once from the single held-out run (benchmarks/QUOTE_ATTRIBUTION.md), minus a small margin
# (0.05 of recall, 0.03 of accuracy = about three quotations).
TEST_SPAN_RECALL_FLOOR = 0.95
TEST_ATTRIBUTION_FLOOR = 0.87
