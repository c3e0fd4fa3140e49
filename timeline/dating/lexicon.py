"""Word tables for dating events, as data.

The verb-group reader (`timeline.dating.verbs`) and the event classifier read these
tables; adding a word here is enough for them to know it. Keys are lower case, with
the typographic apostrophe written as a plain one.

Each *cue rule* (KIND_RULES) says what a cue does to the entry it governs, with a
real sentence it applies to; tests/test_dating.py runs every example.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from timeline.temporal.tables import UN_ED_ADJECTIVES

# fmt: off

# Auxiliaries and their forms.
FUTURE_AUX: Final = frozenset({"will", "shall", "'ll", "won't", "shan't"})
MODAL_AUX: Final = frozenset(
    {"would", "could", "might", "may", "should", "must", "can", "cannot", "'d",
     "wouldn't", "couldn't", "mightn't", "shouldn't", "mustn't", "can't"}
)
BE_PRESENT: Final = frozenset({"am", "is", "are", "'m", "'re", "isn't", "aren't"})
BE_PAST: Final = frozenset({"was", "were", "wasn't", "weren't"})
BE_OTHER: Final = frozenset({"be", "been", "being"})
HAVE_PRESENT: Final = frozenset({"has", "have", "'ve", "hasn't", "haven't"})
HAVE_PAST: Final = frozenset({"had", "hadn't"})
DO_PRESENT: Final = frozenset({"do", "does", "don't", "doesn't"})
DO_PAST: Final = frozenset({"did", "didn't"})
NEGATIONS: Final = frozenset({"not", "never", "n't", "no", "nobody", "nothing", "none", "neither",
                              "nor"})
# Verbs that begin with "un" and end in "-ed" (most such words are adjectives:
# "unrealized", "unnamed"); "under-" words are verbs ("undermined", "underscored").
UN_ED_VERBS: Final = frozenset(
    {"unveiled", "uncovered", "unleashed", "unloaded", "unlocked", "unearthed", "unfolded",
     "unplugged", "unseated", "unraveled", "unravelled", "unmasked", "unionized", "unified",
     "unsealed", "unblocked", "unfrozen", "unfroze", "untied", "unpacked", "unwrapped",
     "unsettled", "unnerved", "unfriended"}
)
UN_VERB_PREFIXES: Final = ("under", "unite", "unit")
# Verbs that a modal hedges as a judgment now ("would seem to be the most vulnerable").
HEDGED_VERBS: Final = frozenset({"seem", "appear"})
# Words that news uses for one happening, each row a class named by its first word ("the
# Oct. 23 slaying" ... "10 days before the murder"); verbs too ("was shot" ... "after the
# shooting").
SAME_HAPPENING: Final[tuple[tuple[str, ...], ...]] = (
    ("killing", "killings", "killed", "murder", "murdered", "slaying", "slain", "homicide",
     "assassination", "assassinated", "shooting", "shot"),
    ("bombing", "bombings", "bombed", "blast", "blasts", "explosion", "explosions"),
    ("attack", "attacks", "attacked", "assault", "raid", "raids"),
    ("vote", "voted", "votes", "referendum", "election", "poll"),
    ("meeting", "met", "talks", "summit"),
)
HAPPENING_CLASS: Final = {w: row[0] for row in SAME_HAPPENING for w in row}
# Adverbs that make a negated perfect a state now ("still haven't been obtained", "has
# not yet decided"): it has not happened as of publication.
NOT_YET_ADVERBS: Final = frozenset({"still", "yet"})
# Auxiliaries that carry their own negation ("wouldn't specify", "didn't say").
NEGATED_AUXILIARIES: Final = frozenset(
    w for w in FUTURE_AUX | MODAL_AUX | BE_PRESENT | BE_PAST | HAVE_PRESENT | HAVE_PAST
    | DO_PRESENT | DO_PAST if w.endswith("n't")
) | {"cannot"}
# Clause cues that are prepositions too: followed by a time they open no clause
# ("waiting until September risked a sharper slowdown").
TIME_PREPOSITION_CUES: Final = frozenset({"after", "before", "until", "since"})
# Words that open a clause of the time named right before it ("since July 2018, when ...").
TIME_CLAUSE_LEADS: Final = frozenset({"when"})
# Words that open a condition or a concession, which is not the happening its clause
# tells ("If the talks fail, ...", "Although it can fly non-stop, the plane will ...").
CONDITIONS: Final = frozenset({"if", "unless", "although", "though", "whereas"})
# Words that open a subject denying its clause's happening ("Nobody was hurt").
NEGATIVE_SUBJECTS: Final = frozenset({"neither", "nobody", "none", "nothing", "no"})
# Words after "not" that make it part of what is said or found, not a negation of the
# verb ("pleaded not guilty", "found not guilty", "said not only ...").
NOT_NEGATED_BY: Final = frozenset({"guilty", "only", "just", "least"})
# Words that may sit inside a verb group ("has also said", "was not immediately seen").
GROUP_ADVERBS: Final = frozenset(
    {"also", "already", "just", "still", "now", "then", "recently", "reportedly", "allegedly",
     "apparently", "finally", "only", "even", "ever", "again", "previously", "yet", "largely",
     "mostly", "quickly", "repeatedly", "immediately", "later", "soon", "once", "first", "last",
     "not", "never", "n't", "long", "since", "always", "often", "usually", "initially",
     "officially", "formally", "publicly", "originally", "effectively", "further", "clearly",
     "probably", "certainly", "likely", "eventually", "actually", "really", "newly", "all",
     "both", "each", "jointly", "unanimously", "narrowly", "sharply", "slightly", "briefly"}
)

# Past tenses that are not "-ed" words; most are also past participles.
IRREGULAR_PAST: Final = frozenset(
    {"said", "told", "took", "began", "went", "came", "made", "gave", "saw", "won", "lost",
     "fought", "held", "met", "left", "fled", "struck", "shot", "hit", "led", "ran", "got",
     "became", "brought", "bought", "thought", "knew", "found", "sent", "spent", "stood",
     "kept", "broke", "fell", "rose", "spoke", "wrote", "drove", "chose", "sought", "caught",
     "built", "felt", "heard", "meant", "paid", "sold", "withdrew", "overran", "overtook",
     "retook", "swept", "flew", "grew", "drew", "threw", "put", "set", "cut", "let", "quit",
     "shut", "spread", "hurt", "cost", "bid", "beat", "bore", "bound", "bred", "burnt",
     "dealt", "dug", "fed", "forbade", "forgave", "froze", "hid", "hung", "laid", "lay",
     "lent", "lit", "mistook", "rode", "rang", "sank", "sat", "shook", "shone", "slept",
     "slid", "sprang", "stole", "stuck", "stung", "strove", "swore", "swam", "swung",
     "taught", "tore", "understood", "undertook", "upheld", "woke", "wore", "wove", "wept",
     "wound", "ate", "drank", "sang", "forgot", "foresaw", "overcame", "oversaw", "read",
     "declared", "arose", "awoke", "befell", "beset", "blew", "crept", "knelt",
     "leapt", "misled", "outgrew", "overheard", "partook", "rebuilt", "reset", "resold",
     "retold", "rewrote", "shed", "spat", "split", "strode", "thrust", "underwent",
     "withheld", "withstood", "overthrew"}
)
IRREGULAR_PARTICIPLES: Final = frozenset(
    {"been", "done", "gone", "taken", "given", "seen", "known", "shown", "written", "broken",
     "chosen", "driven", "fallen", "forgotten", "frozen", "hidden", "ridden", "risen",
     "shaken", "spoken", "stolen", "sworn", "thrown", "woken", "worn", "begun", "drunk",
     "run", "sung", "sunk", "swum", "won", "beaten", "bitten", "blown", "drawn", "eaten",
     "flown", "forbidden", "forgiven", "grown", "mistaken", "overtaken", "undertaken",
     "withdrawn", "overthrown", "proven", "sewn", "shorn", "stricken", "striven", "torn",
     "arisen", "become", "come", "overcome", "outrun", "foreseen", "overseen", "rewritten"}
)
# Prefixes that make a verb of a verb ("retaken", "overrun", "outgrown"): a prefixed
# irregular form is a form of the same kind.
VERB_PREFIXES: Final = ("re", "over", "under", "out", "mis", "fore", "with", "up")
# "-ed" words that are not verbs.
NOT_VERBS_ED: Final = frozenset(
    {"hundred", "red", "bed", "need", "speed", "seed", "shed", "feed", "creed", "breed",
     "sacred", "naked", "wicked", "aged", "beloved", "alleged", "so-called", "deed", "united",
     "indeed", "proceed", "exceed", "succeed", "ted", "ned", "fred", "wed", "ahmed",
     "mohammed", "muhammed", "mohamed", "hundred-", "shred", "embed", "bred", "steed",
     "weed", "reed", "greed", "heed", "bleed", "jed", "ed"}
) | UN_ED_ADJECTIVES
# Present-tense forms common in news whose "-s" a plural noun could also have; other
# present forms are recognised after a subject pronoun ("they want", "it remains").
PRESENT_VERBS: Final = frozenset(
    {"says", "say", "tells", "claims", "remains", "remain", "seems", "seem", "appears",
     "appear", "plans", "expects", "wants", "needs", "continues", "continue", "includes",
     "faces", "insists", "believes", "believe", "thinks", "think", "knows", "know", "hopes",
     "hope", "shows", "suggests", "warns", "argues", "denies", "accuses", "means", "lives",
     "owns", "controls", "holds", "leads", "runs", "stands", "lies", "sits", "serves",
     "represents", "estimates", "calls", "describes", "admits", "agrees", "disagrees",
     "opposes", "supports", "fears", "intends", "aims", "reports", "notes", "adds",
     "maintains", "contends", "predicts", "acknowledges", "asserts", "concedes", "confirms",
     "announces", "states", "explains", "writes", "understands", "feels", "wonders",
     # verbs of news-telling frames that are never nouns ("The measure comes on top of")
     "comes", "goes", "becomes", "happens", "coincides", "seeks", "follows",
     # base forms after a plural subject ("markets expect a cut"), rarely nouns
     "expect", "predict", "insist", "suggest", "intend", "argue", "deny", "warn",
     "acknowledge", "contend", "assert", "concede", "anticipate"}
)

# Verbs of saying, whose complement is what is reported.
SAYING_VERBS: Final = frozenset(
    {"say", "says", "said", "saying", "tell", "tells", "told", "report", "reports",
     "reported", "state", "states", "stated", "add", "adds", "added", "note", "notes",
     "noted", "claim", "claims", "claimed", "announce", "announces", "announced", "confirm",
     "confirms", "confirmed", "deny", "denies", "denied", "insist", "insists", "insisted",
     "warn", "warns", "warned", "explain", "explains", "explained", "argue", "argues",
     "argued", "allege", "alleges", "alleged", "assert", "asserts", "asserted", "declare",
     "declares", "declared", "acknowledge", "acknowledges", "acknowledged", "admit",
     "admits", "admitted", "quote", "quotes", "quoted", "write", "writes", "wrote",
     "testify", "testified", "recall", "recalls", "recalled", "predict", "predicts",
     "predicted", "estimate", "estimates", "estimated", "suggest", "suggests", "suggested",
     "maintain", "maintains", "maintained", "contend", "contends", "contended", "reiterate",
     "reiterated", "disclose", "disclosed", "indicate", "indicated", "indicates", "concede",
     "conceded", "comment", "commented", "exclaim", "exclaimed", "cite", "cited", "tweet",
     "tweeted", "accuse", "accused", "accuses", "describe", "described",
     "describes", "according"}
)
# Verbs of belief and fear frame what they hold true as a saying frames what it says
# ("Police believe he fled to Mexico", "..., officials fear"), when a clause follows them
# ("expects operating margins of 10%" holds no clause: the expecting is the happening).
BELIEF_VERBS: Final = frozenset(
    {"believe", "believes", "believed", "fear", "fears", "feared", "think", "thinks",
     "thought", "expect", "expects", "suspect", "suspects", "suspected", "hope", "hopes"}
)
# Reporting verbs: the frames kept apart from what they report.
REPORTING_VERBS: Final = SAYING_VERBS | BELIEF_VERBS
# Reporting verbs that are an act when a noun phrase of what was done follows ("declared
# a 10% stock dividend", "reported a 47% decline in earnings", "announced its first
# loss"): the company did something; no saying frames a report.
ACT_VERBS: Final = frozenset(
    {"report", "reports", "reported", "announce", "announces", "announced", "declare",
     "declares", "declared", "disclose", "discloses", "disclosed"}
)
# The words that open such an object: an indefinite or possessive determiner, a figure, or
# a result ("reported net income of", "posted record sales"). "The" is not one: "announced
# the company will ..." opens what was said.
ACT_OBJECT_STARTS: Final = frozenset(
    {"a", "an", "its", "their", "his", "her", "our", "net", "record", "lower", "higher",
     "earnings", "profit", "profits", "results", "sales", "revenue", "plans"}
)


def opens_act_object(w: str) -> bool:
    """Whether a word after an act verb opens the object of the act (`ACT_VERBS`)."""
    return w in ACT_OBJECT_STARTS or w[:1].isdigit() or w[:1] == "$"


# Words that, with "to", name the source of a report ("according to police").
SOURCE_FRAMES: Final = frozenset({"according"})
# How many words a belief verb's clause may take to reach its verb ("believe Kopp was").
BELIEF_CLAUSE_WORDS: Final = 6
# The reporting verbs that still report in the passive ("is said to", "was quoted as
# saying", "were told that"); others do not ("was admitted to hospital", "was declared
# dead", "was denied bail").
PASSIVE_REPORTING: Final = frozenset(
    {"said", "reported", "quoted", "told", "described", "alleged", "estimated", "warned",
     "disclosed"}
)
# Subordinators before a gerund whose time is its own ("before joining the cabinet in 2019").
GERUND_SUBORDINATORS: Final = frozenset({"before", "after"})
# Words that open the gerund of a cause ("sentenced on Wednesday for taking bribes").
CAUSE_GERUND_LEADS: Final = frozenset({"for"})
# Superlatives: "since" after one opens a comparison, not a span ("the worst day since
# April", "the first time since 2008", "its lowest level since 1990"). Words in -est are
# superlatives unless listed here.
# Participles of a noun's comparison with the past ("lows not seen since October 1982").
UNSEEN_PARTICIPLES: Final = frozenset({"seen", "unseen", "witnessed", "experienced"})
SUPERLATIVES: Final = frozenset({"worst", "best", "first", "most", "least"})
NOT_SUPERLATIVES: Final = frozenset(
    {"interest", "interests", "forest", "west", "protest", "request", "arrest", "suggest",
     "harvest", "manifest", "honest", "modest", "rest", "test", "contest", "digest",
     "invest", "quest", "chest", "nest", "pest", "vest", "guest", "unrest", "priest",
     "conquest", "inquest", "bequest", "midwest", "southwest", "northwest", "behest",
     "earnest", "attest", "detest", "divest", "infest", "ingest", "molest", "retest"}
)
# Verbs of a price's or an index's move on a trading day ("Intel eased 1/8 to 31 7/8").
PRICE_MOVES: Final = frozenset(
    {"rose", "fell", "gained", "lost", "climbed", "dropped", "slipped", "eased", "surged",
     "jumped", "tumbled", "advanced", "declined", "closed", "finished", "ended", "edged",
     "plunged", "soared", "rallied", "slid", "added", "rocketed", "sank", "skidded",
     "retreated", "firmed", "weakened", "strengthened", "settled", "traded"}
)
# Subjects that are a company's results, not a price: their moves are of a period.
RESULT_WORDS: Final = frozenset(
    {"net", "income", "revenue", "revenues", "sales", "profit", "profits", "earnings", "loss",
     "losses", "output", "orders", "volume", "turnover", "spending", "exports", "imports"}
)
# The words before a figure a price moved to or stands at ("to 31 7/8", "at $23.25"), and
# before a second figure given for the same move ("5.39, or 1.2%").
FIGURE_TARGETS: Final = ("to", "at")
FIGURE_ALTERNATIVES: Final = ("or",)
# The words of a figure's time a year before the clause's ("from $93.3 million a year
# earlier", "in the year-ago period"): the clause is of the period a year after it.
YEAR_BEFORE_PHRASES: Final = (
    "year earlier", "year-earlier", "year ago", "year-ago", "year before", "previous year",
    "prior year", "prior-year",
)
# Words of a time counted back from the telling ("two weeks ago", "yesterday", "last
# week"), which after a past act and its infinitive date the act.
TOLD_BACK_WORDS: Final = frozenset({"ago", "yesterday", "last"})
# Verbs of planning and intending: their complement lies ahead of them ("agreed to meet
# on Friday": the agreeing is one event, the meeting another).
INTENT_VERBS: Final = frozenset(
    {"agree", "agreed", "agrees", "decide", "decided", "decides", "plan", "plans", "planned",
     "promise", "promised", "promises", "pledge", "pledged", "pledges", "vow", "vowed",
     "vows", "threaten", "threatened", "threatens", "ask", "asked", "asks", "urge", "urged",
     "urges", "order", "ordered", "orders", "invite", "invited", "invites", "propose",
     "proposed", "proposes", "intend", "intended", "intends", "hope", "hoped", "hopes",
     "want", "wanted", "wants", "expect", "expected", "expects", "offer", "offered",
     "offers", "prepare", "prepared", "prepares", "seek", "sought", "seeks", "aim", "aimed",
     "aims", "vote", "voted", "votes", "move", "moved", "moves", "schedule", "scheduled",
     "call", "called", "calls", "refuse", "refused", "refuses", "demand", "demanded",
     "demands", "tell", "told", "tells", "allow", "allowed", "allows", "authorize",
     "authorized", "approve", "approved", "approves", "need", "needs", "needed", "try",
     "tried", "tries", "attempt", "attempted", "attempts", "struggle", "struggled"}
)
# Frames that put what follows ahead: "is expected to", "is scheduled to", "is to".
PLAN_FRAMES: Final = frozenset(
    {"expected", "scheduled", "set", "due", "slated", "poised", "likely", "unlikely", "bound",
     "going", "about"}
)
# The plan frames that someone holds (an expectation, a schedule, a likelihood): the
# frame is dated when it is held ("the death toll is expected to rise": expected now, the
# rise ahead); "is going to", "is about to" are only a future.
HELD_FRAMES: Final = PLAN_FRAMES - {"going", "about"}
# Adjectives that put a time on a thing's own schedule: after the clause's verb, "payable
# Dec. 7", "effective Jan. 1" date that schedule, not the verb ("directors authorized a
# split, payable Dec. 7").
SCHEDULE_ADJECTIVES: Final = frozenset(
    {"payable", "due", "effective", "redeemable", "expiring", "maturing", "valid", "retroactive"}
)
# ... and participles of scheduling before "for": "the Grand Prix, scheduled for Sunday,
# was cancelled" dates the race, not the cancelling.
SCHEDULE_PARTICIPLES: Final = frozenset(
    {"scheduled", "set", "slated", "planned", "penciled", "pencilled", "timed", "billed"}
)
# After a copula they are the clause's own predicate ("the payment is due Dec. 7").
COPULAS: Final = BE_PRESENT | BE_PAST | BE_OTHER | frozenset(
    {"become", "becomes", "became", "remain", "remains", "remained"}
)
# Frames of intent: a plan held now ("plans to", "wants to"): the entry is planned, but
# the intent is dated when it is held.
INTENT_FRAMES: Final = frozenset(
    {"planning", "preparing", "intending", "hoping", "aiming", "plans", "intends", "aims",
     "hopes", "expects", "wants", "seeks", "needs", "plan", "intend", "aim", "expect", "want",
     "seek", "need", "planned", "intended", "hoped", "wanted", "sought", "needed", "vowed",
     "vows", "promised", "promises", "pledged", "pledges", "threatened", "threatens",
     "agreed", "agrees", "decided", "decides"}
)
# Stative verbs: they name a situation, not a happening.
STATIVE_VERBS: Final = frozenset(
    {"be", "is", "are", "am", "was", "were", "been", "being", "'s", "'re", "'m", "have",
     "has", "had", "own", "owns", "owned", "remain", "remains", "remained", "seem", "seems",
     "seemed", "appear", "appears", "appeared", "know", "knows", "knew", "believe",
     "believes", "believed", "want", "wants", "wanted", "need", "needs", "needed", "like",
     "likes", "liked", "love", "loves", "hate", "hates", "hold", "holds", "contain",
     "contains", "include", "includes", "included", "consist", "consists", "exist",
     "exists", "existed", "live", "lives", "lived", "belong", "belongs", "lie", "lies",
     "stand", "stands", "control", "controls", "controlled", "continue", "continues",
     "face", "faces", "faced", "fear", "fears", "feared", "hope", "hopes", "think",
     "thinks", "mean", "means", "represent", "represents", "cost", "costs", "depend",
     "depends", "border", "borders", "surround", "surrounds", "oppose", "opposes",
     "support", "supports", "doubt", "doubts", "lack", "lacks", "deserve", "deserves",
     "resemble", "resembles", "involve", "involves", "concern", "concerns", "matter",
     "matters", "understand", "understands", "feel", "feels", "wonder", "wonders"}
)
# Present light verbs of possession: the noun they hold is no happening of theirs.
POSSESSION_PRESENT: Final = frozenset({"has", "have"})
# A negated "would" denies a happening ahead ("said it would not give more aid"), except
# with what one refuses to say now ("would not comment", "would not be drawn").
# Negated modals that refuse or fail now ("could not be reached", "would not comment");
# "must not", "should not", "may not" look ahead, and "could not have" looks back.
REFUSING_MODALS: Final = frozenset(
    {"would", "wouldn't", "could", "couldn't", "can", "cannot", "can't", "'d"}
)
FUTURE_DENYING_MODALS: Final = frozenset({"would", "wouldn't"})
REFUSED_VERBS: Final = frozenset(
    {"comment", "say", "discuss", "confirm", "deny", "disclose", "elaborate", "identify",
     "reveal", "name", "speculate", "specify", "answer", "respond", "talk", "explain",
     "detail", "release", "divulge", "characterize", "describe"}
)
# Light verbs: the happening is the noun they carry ("held talks", "made a visit").
LIGHT_VERBS: Final = frozenset(
    {"hold", "holds", "held", "make", "makes", "made", "take", "takes", "took", "taken",
     "give", "gives", "gave", "given", "have", "has", "had", "launch", "launched",
     "launches", "carry", "carried", "conduct", "conducted", "stage", "staged", "pay",
     "paid", "deliver", "delivered", "suffer", "suffered", "undergo", "underwent",
     "attend", "attends", "attended", "host", "hosts", "hosted", "join", "joins", "joined",
     "mark", "marks", "marked", "celebrate", "celebrated", "boycott", "boycotted", "watch",
     "watched", "open", "opened", "chair", "chaired", "address", "addressed", "win", "won",
     "lose", "lost", "miss", "missed", "survive", "survived", "witness", "witnessed"}
)
# Nouns that name a happening: a time right after one dates that happening, not the
# clause's verb ("an inquiry into the bombing on May 2").
EVENT_NOUNS: Final = frozenset(
    {"attack", "attacks", "bombing", "bombings", "killing", "killings", "shooting",
     "shootings", "assassination", "murder", "massacre", "explosion", "blast", "crash",
     "collapse", "invasion", "coup", "uprising", "revolt", "protest", "protests", "riot",
     "riots", "strike", "strikes", "raid", "raids", "ambush", "offensive", "assault",
     "battle", "clash", "clashes", "fighting", "war", "ceasefire", "cease-fire", "truce",
     "election", "elections", "vote", "referendum", "poll", "meeting", "meetings", "summit",
     "talks", "conference", "visit", "trip", "tour", "speech", "address", "hearing",
     "trial", "verdict", "ruling", "arrest", "arrests", "detention", "release", "escape",
     "abduction", "kidnapping", "hijacking", "earthquake", "quake", "storm", "hurricane",
     "flood", "floods", "fire", "accident", "disaster", "eruption", "outbreak", "merger",
     "acquisition", "takeover", "bid", "sale", "purchase", "deal", "agreement", "accord",
     "treaty", "signing", "launch", "opening", "closing", "closure", "resignation",
     "appointment", "inauguration", "funeral", "ceremony", "wedding", "birth", "death",
     "departure", "arrival", "withdrawal", "announcement", "decision", "approval",
     "rejection", "ban", "crackdown", "incident", "event", "rally", "march", "parade",
     "demonstration", "demonstrations", "explosions", "fall", "capture", "seizure",
     "execution", "bankruptcy", "default", "downturn", "crisis", "scandal", "flight",
     "landing", "liberation", "occupation", "siege", "evacuation", "rescue", "debate",
     "session", "interview", "statement", "report", "letter", "call", "offer", "move",
     "dispute", "negotiations", "deadline", "policy", "plan", "plans", "program",
     "holiday", "holidays", "festival", "games", "match", "final", "race", "concert",
     "programme", "campaign", "operation", "mission", "investigation", "inquiry", "probe",
     "case", "charges", "indictment", "sentence", "sentencing", "conviction", "acquittal",
     "appeal", "hearings", "inquest", "autopsy", "cutback", "cut", "cuts", "increase",
     "decline", "drop", "rise", "gain", "loss", "losses", "slump", "surge"}
)
# Cues of the figure a clause compares with ("from $93.3 million a year earlier",
# "compared with net income of $2.1 million in 1988"): a time after that figure dates the
# figure, neither the clause nor an event of its own. Each is a word sequence; "from"
# only counts right before the figure (else "returned from Kabul on Friday").
COMPARISON_BASE_CUES: Final = (("compared", "with"), ("compared", "to"), ("versus",), ("vs",),
                               ("against",), ("from",))
# The cues of those that compare with a time itself ("compared to the same period last
# year"); "against" is too often no comparison ("a lawsuit filed against Apple in January").
PERIOD_COMPARISON_CUES: Final = (("compared", "with"), ("compared", "to"), ("versus",), ("vs",))
# Words of a change before "from" and the time it is measured from ("an improvement from
# 2008", "up from last year").
CHANGE_WORDS: Final = frozenset(
    {"improvement", "increase", "decrease", "rise", "drop", "decline", "fall", "gain",
     "jump", "up", "down", "change", "growth", "recovery", "rebound", "slump"}
)
# Comparatives not made with "-er", and "-er" words that are none: "than" after a
# comparative opens the thing compared with.
COMPARATIVES: Final = frozenset({"more", "less", "fewer", "worse", "better", "lower", "higher"})
NOT_COMPARATIVES: Final = frozenset(
    {"other", "rather", "whether", "never", "ever", "either", "neither", "under", "over",
     "after", "later", "earlier", "sooner", "number", "member", "order", "power", "water",
     "paper", "matter", "leader", "officer", "together", "however", "quarter"}
)
# Words of a figure between its number and a time ("million", "cents a share", "or").
# Words that hedge a figure before its number ("from fewer than 100,000", "about $3").
FIGURE_APPROXIMATORS: Final = frozenset(
    {"fewer", "less", "more", "than", "about", "nearly", "almost", "over", "under", "some",
     "roughly", "around", "approximately", "just", "barely", "only"}
)
AMOUNT_WORDS: Final = frozenset(
    {"million", "billion", "trillion", "thousand", "hundred", "percent", "cent", "cents",
     "share", "shares", "point", "points", "dollar", "dollars", "yen", "mark", "marks",
     "pound", "pounds", "euro", "euros", "franc", "francs", "barrel", "barrels", "ton",
     "tons", "tonnes", "ounce", "ounces", "unit", "units", "level", "levels", "a", "an",
     "the", "or", "in", "for", "during", "at"}
)
# Prepositions after which a noun phrase is what a clause is *about*: a time at its end
# dates that noun's happening ("protests over the killing of a student on Monday").
TOPIC_PREPOSITIONS: Final = frozenset(
    {"into", "over", "about", "against", "concerning", "regarding", "following", "after",
     "before", "since", "of", "ahead", "awaiting"}
)
# Prepositions in -ing: no gerund subject ("During the third quarter, the company ...").
ING_PREPOSITIONS: Final = frozenset(
    {"during", "following", "including", "regarding", "concerning", "according", "pending",
     "excluding", "barring", "considering", "starting", "beginning", "ending", "morning",
     "evening", "notwithstanding", "preceding", "spanning"}
)
# Words that never head a noun phrase: a time before one of them is no modifier of a
# noun ("in 1990 and", "Friday to", "2019 when").
NOT_NOUNS: Final = frozenset(
    {"and", "or", "but", "nor", "to", "that", "which", "who", "whom", "whose", "when",
     "where", "while", "as", "if", "than", "then", "because", "after", "before", "since",
     "until", "till", "in", "on", "at", "for", "from", "by", "with", "of", "into", "about",
     "during", "through", "against", "over", "under", "between", "among", "per", "via",
     "versus", "vs", "s", "percent", "p", "a", "an", "the", "ago", "later", "earlier",
     "afternoon", "morning", "evening", "night", "not", "also", "only", "so", "too", "very",
     "yet", "still", "already", "again", "back", "up", "down", "out", "off", "away",
     "here", "there", "now", "today", "tomorrow", "yesterday", "this", "these", "those",
     "it", "he", "she", "they", "we", "i", "you", "his", "her", "their", "its", "our",
     "year", "years", "month", "months", "week", "weeks", "day", "days", "alone",
     "itself", "onward", "onwards", "according", "amid", "despite", "like"}
)
# Prepositions that place a clause's happening in or at another one ("injured in the
# 1998 bombing"): a time of that noun phrase dates the clause too.
LOCATING_PREPOSITIONS: Final = frozenset({"in", "at", "during", "on", "amid", "throughout"})
# Nouns a preposition after which ties a dated happening to them, not to the clause
# ("his role in the 1998 bombing", "a suspect in the Oct. 23 slaying").
RELATIONAL_NOUNS: Final = frozenset(
    {"role", "part", "involvement", "suspect", "suspects", "charge", "charges", "conviction",
     "convictions", "participation", "complicity", "responsibility", "link", "links",
     "witness", "witnesses", "victim", "victims", "investigation", "inquiry", "probe"}
)
# Nouns that follow "to" without being verbs ("to power", "to death", "to court").
NOT_BASE_VERBS: Final = frozenset(
    {"date", "power", "death", "office", "court", "war", "work", "school", "bed", "church",
     "prison", "jail", "trial", "hospital", "market", "sea", "town", "home", "justice"}
)
# Endings of nouns that are never verbs: "moved to safety", "returned to normality".
NOUN_SUFFIXES: Final = ("ity", "ety", "ness", "ship", "hood", "dom")
# Endings of singular nouns that can be a subject right before its present verb ("This
# new settlement replaces the 1991 agreement", "the commission wants ...").
SUBJECT_NOUN_SUFFIXES: Final = ("ment", "tion", "sion", "ity", "ness", "ship", "ance", "ence")
# Modals of ability now ("you can get discounts"): no look ahead.
PRESENT_MODALS: Final = frozenset({"can", "cannot", "can't"})
# Words that open a verb's object: an -s word between a name and one of these is a
# present verb ("Iran condemns any acts").
OBJECT_STARTS: Final = frozenset(
    {"the", "a", "an", "any", "all", "some", "no", "that", "this", "these", "those", "its",
     "his", "her", "their", "our", "it", "him", "them", "us", "me", "to", "more", "new"}
)


def opens_object(w: str) -> bool:
    """Whether a word can open the object of a verb: a determiner, a pronoun, a number."""
    return w in OBJECT_STARTS or w[:1].isdigit() or w in OBJECT_QUANTIFIERS


# "employs about 60,000", "has nearly 300": words before a number that open an object.
OBJECT_QUANTIFIERS: Final = frozenset({"about", "nearly", "almost", "roughly", "around", "over"})
# Prepositions after a past participle that open its phrase: with a noun before it and a
# finite verb after it, the participle is a reduced relative ("fighters gathered at the
# valley will struggle").
PARTICIPLE_PREPOSITIONS: Final = frozenset(
    {"in", "at", "on", "by", "from", "near", "during", "with", "for", "into", "outside",
     "inside", "under", "over", "after", "since", "across", "along", "around"}
)
# Prepositions of a short phrase between a noun and its relative clause ("the 1991
# agreement between the two companies, which defined ...").
NOUN_PHRASE_PREPOSITIONS: Final = PARTICIPLE_PREPOSITIONS | {"between", "of"}
# Words that open a relative or reduced clause inside a noun phrase.
SUBJECT_PRONOUNS: Final = frozenset({"he", "she", "they", "we", "i", "it", "there", "you"})
DETERMINERS: Final = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our",
     "my", "your", "some", "many", "several", "two", "three", "four", "all", "no", "of",
     "to", "by", "with", "for", "in", "on", "at", "from", "well", "heavily", "newly",
     "most", "more", "less", "least", "very", "so", "too", "as", "than", "much"}
)
# Determiners proper: where a noun phrase begins.
NOUN_DETERMINERS: Final = frozenset(
    {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our",
     "my", "your", "last", "next"}
)
# Words before a time that make it one end of a span: "closed since Monday" lasts from
# Monday on, "will run until March" up to the end of March.
SPAN_FROM: Final = frozenset({"since"})
# Leads that bound a happening by a date without dating it: "after Jan. 1, 1990", "before
# March".
BOUND_AFTER: Final = frozenset({"after"})
BOUND_BEFORE: Final = frozenset({"before"})
# Words before "after"/"before" that make it the same time ("shortly after he returned").
CLOSE_AFTER: Final = frozenset(
    {"shortly", "soon", "just", "immediately", "right", "moments", "minutes", "hours",
     "directly", "only"}
)
# Words between a span's lead and its time ("until at least Friday", "since at least 2019").
LEAD_QUALIFIERS: Final = frozenset({"at", "least"})
SPAN_TO: Final = frozenset({"until", "till"})
# "funds the government through Nov. 17": up to a day; "through the nineties" is during
# them.
SPAN_TO_DAY: Final = frozenset({"through", "thru"})
# A range of two times: "from 2018 to 2022", "between May and July": a span of both.
# Words a saying's own time may follow it by ("said in a statement on Friday", "said late
# Friday"); any other first word after a verb like "said" opens what it says ("said net
# income for the third quarter dropped": the quarter is the income's).
REPORT_FRAME_OPENERS: Final = frozenset(
    {"in", "at", "on", "during", "over", "around", "throughout", "late", "early", "earlier",
     "last", "this", "via", "through", "by", "before", "after", "yesterday", "today",
     "tonight", "overnight", "shortly", "just", "again", "also", "publicly", "separately",
     "privately", "repeatedly", "later"}
)
# Reporting verbs that name whom they tell first ("told reporters on Friday").
REPORT_OBJECT_VERBS: Final = frozenset(
    {"tell", "tells", "told", "inform", "informs", "informed", "assure", "assured", "warn",
     "warns", "warned", "brief", "briefed", "remind", "reminded", "ask", "asks", "asked"}
)
# Verbs that move a happening to another time: "moved the hearing to Jan. 14" dates the
# hearing, not the moving.
RESCHEDULE_VERBS: Final = frozenset(
    {"move", "moves", "moved", "postpone", "postpones", "postponed", "delay", "delays",
     "delayed", "reschedule", "reschedules", "rescheduled", "adjourn", "adjourns",
     "adjourned", "defer", "defers", "deferred", "push", "pushes", "pushed", "put", "puts",
     "bring", "brings", "brought", "extend", "extends", "extended"}
)
RESCHEDULE_PREPOSITIONS: Final = frozenset({"to", "until", "till", "for"})
# Pronouns that open a relative clause right after its noun, with no comma ("the
# earthquake that struck Java on Monday rose ..."): its verb is not the sentence's.
RESTRICTIVE_RELATIVES: Final = frozenset({"that", "which", "who"})
# Relatives of a place, which open a clause of their own ("in Newark, where prosecutors
# have told him ..."): its time dates it, not the clause it hangs on.
PLACE_RELATIVES: Final = frozenset({"where"})
RANGE_FROM: Final = frozenset({"from", "between"})
RANGE_TO: Final = frozenset({"to", "until", "till", "through", "and", "-", "\u2013"})
# Words that say an entry continues the story of the previous time ("then", "later").
NARRATIVE_CUES: Final[tuple[str, ...]] = (
    "then", "later", "afterwards", "afterward", "after that", "thereafter", "subsequently",
    "soon after", "shortly after", "by then", "at the time", "at that time", "meanwhile",
    "the same day", "that day", "that night", "earlier that day", "that evening",
    "that morning", "within hours", "hours later", "moments later", "minutes later",
    "since then", "ever since", "since that time",
)
# Narrative cues that open a span from the story's time: "270 people have been killed
# since then" lasts from the day the story named on.
SPAN_CUES: Final = frozenset({"since then", "ever since", "since that time"})
# Narrative cues that put a clause after the story's time, not on it: "Thereafter, the
# rate will be renegotiated" lies after the date the story named.
AFTER_CUES: Final = frozenset({"thereafter", "afterwards", "afterward", "subsequently"})
# An entry that opens with one of these pronouns, or says one of these words, goes on
# with the story of the sentence before ("He said ...", "Dow Jones shares also fell").
CONTINUING_PRONOUNS: Final = frozenset({"he", "she", "they", "it", "we"})
CONTINUING_WORDS: Final = frozenset({"also", "too", "likewise", "similarly"})
# Verbs of consequence: what they start lies after the event they follow
# ("The bombing set off weeks of protests").
CONSEQUENCE_CUES: Final[tuple[str, ...]] = (
    "set off", "sparked", "triggered", "prompted", "led to", "caused", "provoked",
    "resulted in", "touched off", "unleashed", "followed", "in response", "in the wake of",
    "since then", "ever since", "as a result", "in retaliation",
)

# fmt: on


@dataclass(frozen=True, slots=True)
class CueRule:
    """One cue and what it makes of the entry it governs, with a real sentence."""

    name: str
    words: frozenset[str]
    kind: str  # the entry's kind: planned, negated, statement, state, occurrence
    example: str  # a sentence the rule applies to (published on 2021-08-22)
    phrase: str  # a phrase of the entry the rule decides


KIND_RULES: Final[tuple[CueRule, ...]] = (
    CueRule(
        "future auxiliary", FUTURE_AUX, "planned",
        "The foreign minister will travel to Doha for talks with the group.",
        "will travel to Doha",
    ),
    CueRule(
        "plan frame", PLAN_FRAMES, "planned",
        "A second round of talks is expected to begin in Doha.",
        "second round of talks",
    ),
    CueRule(
        "intent frame", INTENT_FRAMES, "planned",
        "Massoud wants to negotiate with the hardline Islamist group.",
        "wants to negotiate",
    ),
    CueRule(
        "modal auxiliary", MODAL_AUX, "planned",
        "The resistance fighters could struggle if the Taliban launch a full-scale attack.",
        "resistance fighters could struggle",
    ),
    CueRule(
        "negation", NEGATIONS, "negated",
        "There had been no reports of fighting in the valley.",
        "no reports of fighting",
    ),
    CueRule(
        "foretelling quote", FUTURE_AUX, "planned",
        "\u201cThe Taliban will have to struggle for every village,\u201d Sayed told AFP.",
        "will have to struggle",
    ),
    CueRule(
        "reporting verb", REPORTING_VERBS, "statement",
        "Massoud said his supporters were ready to fight.",
        "said his supporters",
    ),
    CueRule(
        "stative verb", STATIVE_VERBS, "state",
        "The Panjshir Valley remains the epicentre of the resistance.",
        "remains the epicentre",
    ),
    CueRule(
        "happening", frozenset(), "occurrence",
        "Anti-Taliban fighters seized three districts in Baghlan province.",
        "seized three districts",
    ),
)  # fmt: skip
