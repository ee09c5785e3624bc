#!/usr/bin/env python3
"""Generate the wiretrace sample archive.

Every town, person, company, outlet and event in this file is invented.
All article text below was written from scratch for the wiretrace project
and may be used under the project's license.

Run:  python3 samples/make_sample.py
Writes sample-archive.jsonl, expected.jsonl and README.md next to this script.
"""
import gzip
import json
import os
import re
from collections import Counter
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = timezone.utc


# ---------------------------------------------------------------- helpers

def P(block):
    """Split a text block into paragraphs (blank-line separated)."""
    paras = []
    for chunk in block.strip().split("\n\n"):
        p = " ".join(line.strip() for line in chunk.strip().splitlines())
        if p:
            paras.append(p)
    return paras


def curly(s):
    out = []
    for i, ch in enumerate(s):
        if ch == '"':
            prev = s[i - 1] if i > 0 else " "
            out.append("\u201c" if prev in " \n(—[" else "\u201d")
        elif ch == "'":
            out.append("\u2019")
        else:
            out.append(ch)
    return "".join(out)


def straight(s):
    return (s.replace("\u201c", '"').replace("\u201d", '"')
             .replace("\u2018", "'").replace("\u2019", "'"))


def ts(s):
    return datetime.strptime(s, "%Y-%m-%dT%H:%M").replace(tzinfo=UTC)


def iso(dt):
    return None if dt is None else dt.strftime("%Y-%m-%dT%H:%M:%SZ")


def words(p):
    return len(p.split())


# The wire stories are credited to real agencies, so that wiretrace's credit parsing shows (every
# story, name and event is still invented; `.example` addresses cannot belong to anyone). The keys
# "meridian" and "northwire" are the generator's own names for the two wires' stories.
CREDIT = {
    "meridian": "© 2025 The Associated Press. All rights reserved.",
    "northwire": "© 2025 Reuters. All rights reserved.",
    "afp": "© 2025 Agence France-Presse. All rights reserved.",
}

SITES = {
    "meridian": "Associated Press (wire; invented stories at apnews.example)",
    "northwire": "Reuters (wire; invented stories at www.reuters.example)",
    "riverbend": "The Riverbend Herald",
    "kestrel": "Kestrel Falls Courier",
    "ashcombe": "The Ashcombe Gazette",
    "millbrook": "Millbrook Junction Ledger",
    "portaverill": "The Port Averill Tribune",
    "greystone": "Greystone Daily Post",
    "larkspur": "The Larkspur Valley Sentinel",
    "dunmore": "Dunmore Flats Observer",
    "elmstead": "The Elmstead Chronicle",
    "copperhill": "Copperhill Record",
    "saltmarsh": "Saltmarsh Bay Echo",
    "westerly": "The Westerly Times",
    "thornbury": "Thornbury Ridge Dispatch",
    "pellham": "Pellham Evening Star",
    "harbourville": "The Harbourville Mercury",
    "tessaline": "Tessaline Battery Works newsroom (company)",
    "wirebridge": "Wirebridge Releases (press-release distributor)",
}

RECORDS = []     # archive lines, in emit order (sorted by fetched later)
EXPECTED = {}    # url -> expected row
TEXT = {}        # url -> final rendered text
PUBLISHED = {}   # url -> datetime or None
PARAS = {}       # url -> straight-source paragraph list (for derivations)


def emit(url, title, byline, paras, published, fetched, story, origin, parent,
         kind, straight_quotes=False, raw_text=None):
    pub = ts(published) if published else None
    if isinstance(fetched, int):
        fet = pub + timedelta(minutes=fetched)
    else:
        fet = ts(fetched)
    if raw_text is not None:
        text = raw_text
    else:
        text = "\n\n".join(paras)
        text = straight(text) if straight_quotes else curly(text)
        title = straight(title) if straight_quotes else curly(title)
    rec = {"url": url, "title": title, "byline": byline, "text": text,
           "published": iso(pub), "fetched": iso(fet)}
    RECORDS.append(rec)
    assert url not in EXPECTED, url
    EXPECTED[url] = {"url": url, "story": story, "origin": origin,
                     "parent": parent, "kind": kind}
    TEXT[url] = text
    PUBLISHED[url] = pub
    PARAS[url] = paras
    return rec


def recrawl(url, fetched):
    orig = next(r for r in RECORDS if r["url"] == url)
    rec = dict(orig)
    rec["fetched"] = iso(ts(fetched))
    RECORDS.append(rec)


# ------------------------------------------------------------ wire stories
# Each story: body paragraphs in straight-quote source form (rendered with
# curly quotes on the wire's own page); the credit line is added on output.

STORIES = {}


def story(sid, agency, url, title, byline, published, body):
    paras = P(body)
    STORIES[sid] = dict(id=sid, agency=agency, url=url, title=title,
                        byline=byline, published=published, body=paras)
    return STORIES[sid]


story("st01", "meridian",
      "https://apnews.example/wire/2025/04/02/harbourville-kettle-street-bridge-closed",
      "Harbourville's Kettle Street bridge closed after inspectors find cracked bearing",
      "By Imogen Tallis, Associated Press", "2025-04-02T09:15", '''
HARBOURVILLE (AP) — The Kettle Street bridge, the busiest crossing over
the Averill River in Harbourville, was closed to all traffic on Wednesday
morning after engineers found a cracked steel bearing beneath its central
span, city officials said. Commuters were told to expect long delays for at
least a week while specialists assess whether the 1962 structure can safely
carry vehicles again.

The fault was discovered during a routine underwater and deck inspection that
began on Monday night. Deputy city engineer Rosalind Okafor said the crack,
roughly forty centimetres long, ran through a bearing plate that allows the
span to expand and contract with the temperature. "We did not find any
movement in the deck itself, but we are not prepared to take chances," she
said.

Around 38,000 vehicles use the four-lane bridge on an average weekday,
according to city traffic counts. Police set up diversions through the Gullet
Road and Marrow Lane crossings, both of which were heavily congested by
mid-morning. Several bus routes serving the eastern suburbs were rerouted, and
the transit authority added extra departures on the harbour ferry to absorb
commuters.

Mayor Declan Fairweather said the closure was "frustrating but unavoidable"
and apologised to residents and businesses on both banks. He said the city had
asked the provincial transport department for emergency funding to speed up
repairs, and that crews would work around the clock once a repair plan had
been approved by an independent engineering firm.

The bridge has been the subject of repeated warnings. A 2021 condition report
commissioned by the council rated its bearings and expansion joints as "poor"
and recommended replacement within five years. A full refurbishment was
included in the city's capital plan last year but was pushed back to 2027
after construction costs rose sharply, according to council minutes.

Opposition councillor Hetty Marchbank said the closure showed the cost of
delay. "People were told this could wait. Now shop owners on Kettle Street are
looking at a week or more with almost no passing trade," she said. She called
for an urgent council debate on the timetable for the wider refurbishment and
for help for affected businesses.

Pedestrians and cyclists will also be barred from the bridge until engineers
confirm it is safe, officials said. A free shuttle bus will run every fifteen
minutes between the two ends of the crossing via the Gullet Road bridge,
starting on Thursday. Schools near the river said they were adjusting start
times to help families cope with the disruption.

The city said it would publish daily updates on its website and expected to
have a clearer timeline for reopening by the end of the week. Engineers have
installed temporary sensors on the central span to monitor any movement while
the investigation continues.
''')

story("st02", "northwire",
      "https://www.reuters.example/stories/20250403-teachers-tentative-pay-deal",
      "Teachers' union and province reach tentative pay deal, ending threat of spring strikes",
      "By Callum Ashdown, Reuters", "2025-04-03T14:00", '''
ASHCOMBE (Reuters) — The province's largest teachers' union and the
education ministry reached a tentative agreement on pay and class sizes late
on Wednesday, averting a series of rolling strikes that had been scheduled to
begin after the spring holiday. The deal, which must still be ratified by
members, would raise salaries by 11.5 percent over three years.

The Federation of Provincial Teachers, which represents about 46,000 classroom
teachers and support staff, had been in talks with the ministry for fourteen
months. Negotiations broke down in February, and in March members voted by a
large margin to authorise industrial action. Both sides returned to the table
last week with the help of a mediator appointed by the labour board.

Federation president Marguerite Dunleavy said the agreement was "not
everything our members asked for, but a real step forward." She told
reporters outside the mediation offices in Ashcombe that the union had
secured, for the first time, a binding cap of twenty-eight pupils in most
primary classes, along with funding for additional classroom assistants.

Education minister Tobias Renwick said the deal was fair to teachers and to
taxpayers. "We have always said we wanted an agreement at the table, not on
the picket line," he said in a statement. He said the cost of the package
would be met within the existing three-year budget, partly through savings
from a planned consolidation of school administration offices.

Under the proposal, salaries would rise by 4.5 percent in the first year and
3.5 percent in each of the following two years. Teachers at the top of the
pay scale would also receive a one-time payment to compensate for the period
since their previous contract expired last summer. Starting salaries for newly
qualified teachers would rise more steeply.

The agreement also creates a joint committee to study workload, including the
time teachers spend on reporting and assessment paperwork. Union members had
repeatedly raised workload as a leading cause of staff leaving the profession,
and a federation survey last autumn found that nearly a third of teachers in
their first five years were considering quitting.

Parents' groups welcomed the news. "Families have been living with
uncertainty for months, wondering whether they would need to arrange
childcare at short notice," said Priya Castellane, chair of the Provincial
Parents' Council. She urged both sides to move quickly on ratification so that
schools could plan for the next term with confidence.

Ratification votes will be held in school districts over the next three weeks,
with results expected in early May. The federation's executive has recommended
that members accept the deal. Planned strike action has been suspended pending
the outcome of the vote.
''')

story("st03", "meridian",
      "https://apnews.example/wire/2025/04/07/larkspur-valley-reservoirs-lowest-april-level",
      "Larkspur Valley reservoirs fall to lowest April level in half a century",
      "By Wren Halloway, Associated Press", "2025-04-07T08:00", '''
LARKSPUR VALLEY (AP) — Reservoirs supplying the Larkspur Valley have
fallen to their lowest April level in more than fifty years after the driest
winter on record, the regional water authority said on Monday, warning farmers
and households that restrictions on irrigation and garden watering are likely
to be imposed before the start of summer.

The three main reservoirs in the valley, Fennick Water, Ollerby and the Upper
Tarrant dam, were on average 41 percent full on Sunday, compared with a
typical level of about 85 percent at this time of year. Rainfall between
November and March was less than half the long-term average, according to
figures from the provincial weather service.

"We are not yet in an emergency, but we are much closer to one than we would
like to be," said Tamsin Greaves, chief executive of the Larkspur Valley Water
Authority. She said the authority would decide within two weeks whether to
introduce a hosepipe ban and limits on agricultural abstraction, and urged
residents to start saving water now.

The valley's fruit growers, who rely heavily on irrigation during blossom and
early fruiting, said the news had come at the worst possible time. Orchard
owner Benedict Ashworth-Lyle, whose family has grown apples and pears near
Ollerby for four generations, said he had already cut back on planting new
trees and was considering leaving part of his land fallow this year.

Farmers' representatives called for a temporary relief fund and for the
authority to give growers advance notice of any limits. "You cannot turn an
orchard off like a tap," said Joan Pettigrew of the Larkspur Growers'
Association. "If restrictions are coming, we need to know now, so we can
decide which trees to save."

Environmental groups said low river flows were already affecting wildlife.
The Tarrant, which runs through the centre of the valley, has dropped to
levels usually seen only in late August, and volunteers have reported
stranded fish in side channels near the village of Cobb's Ford. The authority
said it was monitoring oxygen levels at several points along the river.

The authority has brought forward a plan to connect the valley's supply to a
neighbouring network through a new twelve-kilometre pipeline, but that
project is not expected to be finished until 2027. In the meantime, it said it
would speed up repairs to leaking mains, which lose an estimated eighteen
percent of treated water before it reaches customers.

Forecasters said there was little sign of a change in the weather pattern over
the next month, although heavy showers were possible in the hills at the end
of April. Even a wet May would not fully refill the reservoirs, the authority
said, because much of the rainfall would be absorbed by parched soil.

The authority has published water-saving advice on its website and said it
would hold public meetings in Ollerby, Cobb's Ford and the valley's main town
of Larkspur Cross over the coming fortnight. Residents who cannot attend can
send questions in advance by email or leave a note at their local library.
''')

story("st04", "northwire",
      "https://www.reuters.example/stories/20250409-greystone-cave-beetle-new-species",
      "Blind cave beetle found in Greystone caverns is new to science, researchers say",
      "By Ottilie Brand, Reuters", "2025-04-09T10:30", '''
GREYSTONE (Reuters) — A tiny, eyeless beetle collected deep inside the
limestone caverns beneath Greystone has been confirmed as a species previously
unknown to science, researchers at Copperhill University said on Wednesday.
The insect, barely three millimetres long, appears to live only in a single
flooded passage more than a kilometre from the nearest cave entrance.

The beetle was first spotted in 2023 by volunteer cavers surveying the
Drummond's Hole system, one of the longest cave networks in the region. They
photographed several specimens on a mud bank beside an underground stream and
sent the images to the university's entomology department, which organised a
collecting trip the following spring.

Dr Felicity Rainsford, who led the study, said the beetle's pale body, missing
eyes and unusually long antennae were typical of animals that had adapted to
permanent darkness over many thousands of years. "Every cave system has its
own story, and this little animal is one chapter of Greystone's that nobody
had read before," she said.

Genetic analysis showed the beetle is most closely related to a species found
in caves about 200 kilometres to the south, suggesting the two populations
became separated long ago as the landscape changed. The team has named it
Umbrelytra greystonensis, after the town, in a paper published this week in
the Annals of Cave Fauna.

Researchers counted fewer than sixty individuals during repeated visits, and
said the species was likely to be vulnerable to any change in water quality.
The stream that runs through the passage is fed partly by surface water from
farmland above the caves, and the team has recommended further monitoring of
fertiliser and pesticide run-off in the catchment.

The Greystone Caving Club, whose members made the original discovery, said it
would work with the university to limit visits to the beetle's passage. Club
secretary Rhodri Vance said members were "thrilled and a little bit stunned"
that a weekend survey trip had led to a new species. "We went down to draw a
map and came back with a mystery," he said.

Drummond's Hole is closed to the public, but the town's show cave, Greystone
Caverns, attracts about 90,000 visitors a year. Its operators said they
planned to add a small display about the beetle later this year, using
photographs and a scale model, because the real animals would remain
undisturbed underground.
''')

story("st05", "meridian",
      "https://apnews.example/wire/2025/04/14/pemberton-vale-dunmore-flats-factory-closure",
      "Pemberton & Vale to close Dunmore Flats biscuit factory with loss of 340 jobs",
      "By Harriet Quennell, Associated Press", "2025-04-14T07:45", '''
DUNMORE FLATS (AP) — Pemberton & Vale, the biscuit and snack maker, said
on Monday it would close its factory in Dunmore Flats by the end of the year,
putting 340 jobs at risk in a town where the plant has been one of the largest
employers for more than seventy years. Production will move to the company's
newer site at Kingsmere.

The company said the Dunmore Flats plant, which opened in 1951, needed at
least 40 million dollars of investment to meet current food-safety and energy
standards, and that consolidating production at Kingsmere would cut costs and
reduce its carbon emissions. Staff were told of the decision at a meeting on
the factory floor early on Monday morning.

"This is an incredibly difficult decision and we know how much this site means
to our people and to the town," chief executive Lionel Ashgrove said in a
statement. He said the company would offer relocation to Kingsmere, about 130
kilometres away, to as many employees as possible, and would provide
retraining support to those who chose not to move.

Union officials said they were shocked by the announcement and would push for
the decision to be reversed. "Our members have kept this factory running
through floods, power cuts and a pandemic," said Gordon Mallory, regional
organiser for the Food and Packaging Workers' Union. "They deserve more than a
few months' notice and a brochure about moving house."

The factory produces about 60,000 tonnes of biscuits a year, including the
company's best-known brand, Vale Creams, which has been made in Dunmore Flats
since the 1960s. Many workers are the second or third generation of their
families to work at the plant, which sits beside the railway line on the edge
of the town centre.

Local business leaders warned of a wider impact. The Dunmore Flats Chamber of
Commerce estimated that the plant supports another 200 to 300 jobs among
suppliers, hauliers and shops, and said the closure would remove more than 15
million dollars a year in wages from the local economy.

The town's mayor, Philippa Stroud, said she had asked for an urgent meeting
with the company and with provincial economic development officials. She said
the council would explore whether the site could be kept in food production
under a different owner, and would set up a jobs task force to help workers
find new employment nearby.

Pemberton & Vale, which is privately owned, employs about 2,100 people across
four sites. It reported higher sales last year but said profit margins had
been squeezed by rising ingredient and energy costs. A formal consultation with
staff and unions will begin next week and is expected to last ninety days.
''')

story("st06", "northwire",
      "https://www.reuters.example/stories/20250418-saltmarsh-coast-storm-power-cuts",
      "Overnight storm leaves 40,000 homes without power along Saltmarsh coast",
      "By Jonah Merriweather, Reuters", "2025-04-18T06:30", '''
SALTMARSH BAY (Reuters) — A fast-moving storm with gusts of up to 130
kilometres per hour swept along the Saltmarsh coast overnight, bringing down
trees and power lines and leaving about 40,000 homes and businesses without
electricity on Friday morning, the regional grid operator said. No serious
injuries had been reported by early morning.

Coastline Power said crews had been working since the early hours to restore
supplies but warned that some rural customers could be without power until
Saturday. The worst-affected areas included Saltmarsh Bay, the villages along
the Gannet Head peninsula and parts of the inland market town of Pellham,
where a transmission line was damaged by a falling oak.

The weather service had issued an amber wind warning on Thursday afternoon,
but forecasters said the strongest gusts arrived earlier and further south
than expected. A weather station on Gannet Head recorded a gust of 131
kilometres per hour shortly after 2 a.m., the highest reading on the coast
since a severe storm in the winter of 2014.

In Saltmarsh Bay, part of the roof of the harbour fish market was torn off and
several small boats broke from their moorings. Harbourmaster Eileen Cardew
said two fishing vessels had been driven onto the slipway but appeared to have
suffered only minor damage. "It could have been a great deal worse, given the
strength of the wind," she said.

Police closed the coast road between Saltmarsh Bay and Gannet Head after at
least a dozen trees fell across it, and asked people not to travel unless
necessary. Rail services on the Coastal Line were suspended while engineers
checked the track for debris, and the operator said replacement buses would
run once roads had been cleared.

Schools in the Saltmarsh district were closed for the day, and the district
council opened its community hall on Quay Street as a warm space for residents
without heating, offering hot drinks and phone charging. Volunteers from the
coastguard and a local mountain rescue team were helping to check on elderly
residents in isolated properties.

The storm is expected to move out to sea by Friday afternoon, although the
weather service said blustery showers would continue through the weekend.
Insurers said it was too early to estimate the cost of the damage, but urged
policyholders to photograph any damage before starting repairs.
''')

story("st07", "meridian",
      "https://apnews.example/wire/2025/04/23/assembly-passes-holiday-rental-cap",
      "Provincial assembly passes cap on short-term holiday rentals",
      "By Fenella Oduya, Associated Press", "2025-04-23T16:20", '''
PORT AVERILL (AP) — The provincial assembly on Wednesday passed
legislation allowing towns and cities to cap the number of homes that can be
let as short-term holiday rentals, in a bid to ease a housing shortage that
has pushed rents in some coastal communities to record highs. The bill passed
by 48 votes to 31 after a debate lasting nearly seven hours.

Under the new law, councils will be able to require owners to obtain a licence
before letting a property for fewer than thirty nights at a time, and to set a
maximum number of licences for each neighbourhood. Owners who let a room in
their own home while living there will be exempt, as will properties already
used as holiday lets for at least three years.

Housing minister Celeste Abernathy said the measure would return thousands of
homes to the long-term rental market. "In some of our seaside towns, one house
in five is now a holiday let, and the people who work in those towns cannot
find anywhere to live," she told the assembly. "This bill gives communities
the tools to strike a fairer balance."

Opposition members argued the law would hurt small landlords and the tourism
industry. "Many families rely on the income from a single holiday cottage to
make ends meet," said Roderick Vassell, the opposition's spokesperson on
business. He warned that visitor numbers could fall in towns that set strict
limits, and said the government should build more homes instead.

The Provincial Tourism Association said it would study the details before
deciding whether to challenge the law. Its chair, Moira Tennant, said the
association supported "sensible regulation" but was concerned that councils
might set caps without proper consultation, leaving businesses such as cafés,
tour operators and cleaners facing a sudden drop in trade.

Tenant advocacy groups, who had campaigned for the measure for several years,
welcomed the vote. The Coastal Renters' Alliance said average rents in
Saltmarsh Bay and Thornbury Ridge had risen by more than a third since 2020,
while the number of homes listed for long-term rent had fallen by nearly half
over the same period.

The law will take effect on the first of September, and councils must hold a
public consultation before introducing a cap. Several municipalities,
including Saltmarsh Bay and Port Averill itself, have already said they intend
to use the new powers. Owners who break the rules could face fines of up to
25,000 dollars.

The government said it would review the impact of the law after two years and
publish data on the number of licences issued in each area. Officials said a
new online register of licensed holiday lets would be available to the public
from the autumn.
''')

story("st08", "northwire",
      "https://www.reuters.example/stories/20250426-westerly-rovers-promotion",
      "Westerly Rovers clinch promotion with stoppage-time winner",
      "By Dominic Threlfall, Reuters", "2025-04-26T17:10", '''
WESTERLY (Reuters) — Westerly Rovers secured promotion to the Provincial
Premier League for the first time in their 112-year history on Saturday, as
substitute Kofi Ambler-Stone headed a stoppage-time winner to give them a 2-1
victory over Ferrisham Athletic in front of a sell-out crowd at Quarryside
Park.

Rovers needed a win to be sure of finishing in the top two of the
Championship, and looked set to miss out when Ferrisham led through a
first-half penalty from captain Liam Ostrowski. Midfielder Tomasz Reddy
equalised with a low shot from the edge of the area in the 71st minute,
setting up a tense finish.

The winner came four minutes into added time. Ambler-Stone, who had been on
the pitch for less than ten minutes, rose above two defenders to meet a corner
from winger Jamal Pryce and send the ball into the top corner. Hundreds of
supporters spilled onto the pitch at the final whistle, delaying the players'
lap of honour.

"I have been dreaming about a moment like that since I was a kid standing on
that terrace," said Ambler-Stone, who grew up a few streets from the ground.
"I just closed my eyes and jumped. When I opened them the whole stadium was
shaking." He said he would be celebrating with his family, many of whom were
in the crowd.

Manager Gwen Halliday, who took charge of the club two years ago when it was
near the bottom of the division, said the result belonged to the town as much
as the team. "This club nearly went out of business not so long ago. To see
what it means to people today is something I will never forget," she said.

Promotion is expected to be worth several million dollars to the club in extra
broadcast and ticket revenue. Rovers have already announced plans to expand
Quarryside Park's capacity from 8,200 to more than 11,000 seats, and the club
said work on a new stand could begin this summer, subject to planning approval
from Westerly council.

Ferrisham, who needed only a draw to go up themselves, will now enter the
playoffs. Their manager, Stuart Keeble, said his players were devastated but
would regroup quickly. "It is cruel, but that is football. We have two weeks
to pick ourselves up and go again," he said.
''')

story("st09", "meridian",
      "https://apnews.example/wire/2025/05/02/elmstead-hospital-emergency-check-in-app",
      "Elmstead hospital trials app that lets patients check in to emergency department from home",
      "By Anders Whitlock, Associated Press", "2025-05-02T11:00", '''
ELMSTEAD (AP) — Elmstead General Hospital has begun a six-month trial of
a smartphone app that allows patients with minor injuries and illnesses to
register for its emergency department before leaving home, in an effort to
reduce overcrowding in its waiting room. Hospital officials said on Friday that
more than 1,200 people had used the service in its first fortnight.

Patients who use the app answer a short series of questions about their
symptoms, and a triage nurse reviews the answers remotely. Those judged to
need emergency care are given an estimated arrival time, while others are
directed to a pharmacy, a walk-in clinic or a telephone appointment with a
doctor. Anyone describing serious symptoms is told to call an ambulance
immediately.

Dr Naomi Fairclough, clinical lead for emergency medicine at Elmstead General,
said the app was not intended to replace face-to-face assessment. "What we are
trying to do is make sure the people sitting in our waiting room are the
people who need to be here, and that they spend less time sitting there," she
said.

Early figures suggested that about a third of app users were redirected to
other services, according to the hospital. Average waiting times for patients
with minor conditions fell from just over four hours to about two hours and
forty minutes in the first two weeks, although officials cautioned that it was
too soon to draw firm conclusions.

Patient groups welcomed the trial but raised concerns about people who do not
own a smartphone or are not comfortable using one. The hospital said anyone
could still walk in without registering, and that volunteers would be
available at the entrance to help visitors use the app on a tablet if they
wished.

The app was developed by Kestrel Health Software, a small company based in
Kestrel Falls, in partnership with the hospital's own digital team. Its chief
executive, Marisol Quaintance, said the company had designed the questions
with emergency nurses and tested them on anonymised records of past visits
before the launch.

If the trial is judged a success, the regional health authority said it would
consider offering the service at its four other emergency departments next
year. An independent evaluation by researchers at Copperhill University is due
to be published in the autumn.
''')

story("st10", "afp",
      "https://westerlytimes.example/news/2025/05/06/attic-painting-confirmed-lost-carrow-vane",
      "Painting found in Thornbury Ridge attic confirmed as lost work by coastal artist",
      "By Saoirse Penhallow, AFP", "2025-05-06T09:30", '''
THORNBURY RIDGE (AFP) — A painting discovered wrapped in an old blanket
in the attic of a Thornbury Ridge farmhouse has been confirmed as a long-lost
work by the coastal landscape painter Edmund Carrow Vane, experts said on
Tuesday. The canvas, showing fishing boats returning to harbour at dusk, had
not been seen in public since it was exhibited in 1908.

The painting was found last autumn by retired schoolteacher Agnes Mollison
while she was clearing the house of her late uncle. She said she almost put it
out with other items for a charity collection before noticing a faded
signature in the lower corner. "I thought it was a nice old picture, nothing
more. I certainly never expected all this," she said.

Specialists at the Provincial Gallery of Art spent several months examining
the work, comparing its brushwork, pigments and canvas with other paintings by
Carrow Vane. They also found a matching description and a small sketch of the
composition in a 1908 exhibition catalogue held in the gallery's archive, which
listed the painting under the title "Evening, Low Tide."

Carrow Vane, who lived and worked in Saltmarsh Bay for most of his life, is
known for his atmospheric studies of the coast and its fishing communities.
About 150 of his oil paintings are known to survive, most of them in public
collections. Several works are thought to have been lost or destroyed during
the first half of the twentieth century.

Gallery curator Dr Ines Whitcombe said the discovery was significant because
it came from a period of the artist's career that was poorly represented in
museum collections. "This is a confident, mature picture painted at the height
of his powers, and it fills a real gap in our understanding of his
development," she said.

How the painting came to be in the farmhouse remains unclear. Mollison said
her great-grandfather had run a small hardware shop in Saltmarsh Bay in the
early 1900s and may have known the artist, but the family had no record of a
purchase. Researchers are now examining old letters and account books found in
the same attic.

The painting will be sold at auction in Port Averill next month with an
estimate of 180,000 to 250,000 dollars. Mollison said she hoped it would be
bought by a public gallery so that it could be seen by as many people as
possible, and that part of the proceeds would go to a local arts charity.
''')

# Wire "update" versions: rewritten first paragraph, one extra final paragraph.
UPDATES = {
    "st01": dict(
        url="https://apnews.example/wire/2025/04/02/harbourville-bridge-buses-reopen-update",
        title="UPDATE 1-Harbourville bridge could reopen to buses within days, officials say",
        published="2025-04-02T12:20",
        first=P('''
HARBOURVILLE (AP) — Harbourville officials said on Wednesday afternoon
that the Kettle Street bridge, closed since the morning after engineers found
a cracked steel bearing beneath its central span, could reopen to buses and
emergency vehicles within days, although private cars are likely to be kept
off the crossing for at least two weeks.
''')[0],
        extra=P('''
At a briefing at city hall, Okafor said a temporary steel support could be
installed beneath the damaged bearing by Saturday, allowing buses and
emergency vehicles to cross in a single controlled lane at low speed. "This is
a stopgap, not a fix," she said, adding that a permanent replacement bearing
would have to be fabricated to order and could take six to eight weeks to
arrive.
''')[0]),
    "st06": dict(
        url="https://www.reuters.example/stories/20250418-saltmarsh-coast-storm-power-restored-update",
        title="UPDATE 1-Power restored to most homes on Saltmarsh coast after overnight storm",
        published="2025-04-18T09:45",
        first=P('''
SALTMARSH BAY (Reuters) — Electricity had been restored to more than
three-quarters of the 40,000 homes and businesses that lost power when a
fast-moving storm swept along the Saltmarsh coast overnight, the regional grid
operator said on Friday, although some rural customers were still expected to
remain without supplies until Saturday.
''')[0],
        extra=P('''
By mid-morning, Coastline Power said about 9,000 customers remained cut off,
most of them on the Gannet Head peninsula, where access for repair crews was
still limited by fallen trees. The company said it had brought in extra teams
from neighbouring networks and would provide hot-meal vouchers to households
still without power by Friday evening.
''')[0]),
}


def full(sid, body=None):
    s = STORIES[sid]
    return list(body if body is not None else s["body"]) + [CREDIT[s["agency"]]]


def distributed(paras):
    """The agency's copyright line as a syndicate's client prints it."""
    assert paras[-1].startswith("©")
    return paras[:-1] + [paras[-1].replace("All rights reserved.",
                                           "Distributed by Tribune Content Agency, LLC.")]


def mislabelled(paras):
    """A site crediting the wrong agency: the dateline dropped, another wire's copyright line."""
    first = re.sub(r"^[A-Z][A-Z ]+ \([A-Za-z]+\) — ", "", paras[0])
    assert first != paras[0]
    first = first[0].upper() + first[1:]
    return [first] + paras[1:-1] + [CREDIT["northwire"]]


def update_body(sid):
    u = UPDATES[sid]
    return [u["first"]] + STORIES[sid]["body"][1:] + [u["extra"]]


def apply_subs(paras, subs):
    text = "\n\n".join(paras)
    for old, new in subs:
        assert text.count(old) == 1, (old, text.count(old))
        text = text.replace(old, new)
    return text.split("\n\n")


def edited(paras, remove_index, subs):
    kept = [p for i, p in enumerate(paras) if i != remove_index]
    return apply_subs(kept, subs)


def body_of(url):
    """Straight-source paragraphs of a page without the credit line."""
    return [p for p in PARAS[url] if not p.startswith("©")]


# ---- emit the wire originals and updates
for sid, s in STORIES.items():
    emit(s["url"], s["title"], s["byline"], full(sid), s["published"], 35,
         sid, True, None, "origin")
for sid, u in UPDATES.items():
    s = STORIES[sid]
    emit(u["url"], u["title"], s["byline"], full(sid, update_body(sid)),
         u["published"], 25, sid, False, s["url"], "version")

W = {sid: s["url"] for sid, s in STORIES.items()}
U = {sid: u["url"] for sid, u in UPDATES.items()}

# ------------------------------------------------------------ republications

# st01 -- Harbourville bridge
emit("https://www.harbourville-mercury.example/news/kettle-street-bridge-shut-cracked-bearing",
     "Kettle Street bridge shut after crack found in bearing",
     "Imogen Tallis, Associated Press",
     P('''
Traders on the Kettle Street riverside parade said on Wednesday that the
morning closure had already emptied their pavements. "We normally have a queue
out the door by eight," said Nell Brannigan, who runs the Tidewater Cafe near
the eastern end of the bridge. The Mercury will carry live updates on
diversions throughout the week.
''') + full("st01"),
     "2025-04-02T09:50", 70, "st01", False, W["st01"], "localized")
emit("https://www.riverbend-herald.example/news/2025/04/02/harbourville-bridge-closed-cracked-bearing",
     STORIES["st01"]["title"], STORIES["st01"]["byline"], full("st01"),
     "2025-04-02T10:30", 95, "st01", False, W["st01"], "copy", straight_quotes=True)
emit("https://www.portaverill-tribune.example/article/harbourville-bridge-could-reopen-to-buses",
     UPDATES["st01"]["title"].replace("UPDATE 1-", ""), STORIES["st01"]["byline"],
     full("st01", update_body("st01")),
     "2025-04-02T13:05", 130, "st01", False, U["st01"], "copy")
emit("https://kestrelfallscourier.example/region/4471-harbourville-bridge-closed",
     "Harbourville closes Kettle Street bridge", "Associated Press",
     STORIES["st01"]["body"][:3],
     None, "2025-04-02T18:40", "st01", False, W["st01"], "truncated", straight_quotes=True)

# st02 -- teachers' pay deal
emit("https://www.ashcombe-gazette.example/news/teachers-pay-deal-agreed-at-ashcombe-talks",
     "Teachers' pay deal agreed after talks in Ashcombe", "Callum Ashdown, Reuters",
     full("st02")[:-1] + P('''
In Ashcombe, where the talks were held at the labour board's offices on Mill
Terrace, the head teacher of St Brannoc's Primary, Aled Fenwick, said staff had
gathered in the staff room on Thursday morning to hear the news. "There was a
real sense of relief," he said. Ashcombe's eleven state schools employ about
600 teaching staff.
''') + [CREDIT["northwire"]],
     "2025-04-03T14:40", 50, "st02", False, W["st02"], "localized")
emit("https://www.elmstead-chronicle.example/news/teachers-set-to-vote-on-pay-rise",
     "Teachers set to vote on pay rise after deal struck with ministry", None,
     edited(full("st02"), 5, [
         ("late on Wednesday", "on Wednesday night"),
         ("averting", "heading off"),
         ("twenty-eight pupils", "twenty-eight children"),
         ("Parents' groups welcomed the news.", "Parent groups said they were pleased."),
     ]),
     "2025-04-03T16:10", 80, "st02", False, W["st02"], "edited")
emit("https://millbrookledger.example/2025/04/03/teachers-and-province-reach-tentative-pay-deal/",
     STORIES["st02"]["title"], "Reuters", full("st02"),
     "2025-04-03T15:05", 45, "st02", False, W["st02"], "copy", straight_quotes=True)
emit("https://westerlytimes.example/news/teachers-tentative-pay-deal-strikes-off",
     "Tentative pay deal ends threat of teacher strikes", "Reuters",
     STORIES["st02"]["body"][:4],
     "2025-04-04T07:30", 60, "st02", False, W["st02"], "truncated")

# st03 -- Larkspur reservoirs
SENTINEL_ST03 = "https://www.larkspursentinel.example/news/valley-reservoirs-at-50-year-low"
emit(SENTINEL_ST03,
     "Valley reservoirs at 50-year low as water authority weighs hosepipe ban",
     "Wren Halloway, Associated Press",
     edited(full("st03"), 7, [
         ("households", "homeowners"),
         ("the worst possible time", "the worst time imaginable"),
         ("over the coming fortnight", "over the next two weeks"),
     ]),
     "2025-04-07T09:10", 40, "st03", False, W["st03"], "edited")
emit("https://dunmoreobserver.example/news/2025-04-07/valley-reservoirs-at-50-year-low",
     None, None, None, "2025-04-07T15:00", 55, "st03", False, SENTINEL_ST03, "mirror",
     raw_text=TEXT[SENTINEL_ST03]
     + "\n\nThis article was originally published by The Larkspur Valley Sentinel.")
emit("https://copperhillrecord.example/stories/2025/04/07/larkspur-valley-reservoirs-lowest-april-level",
     STORIES["st03"]["title"], STORIES["st03"]["byline"], STORIES["st03"]["body"],
     "2025-04-07T10:00", 30, "st03", False, W["st03"], "copy")
emit("https://www.thornburydispatch.example/region/larkspur-reservoirs-low-restrictions-likely",
     "Water restrictions likely as Larkspur reservoirs run low", None,
     STORIES["st03"]["body"][:4],
     "2025-04-07T11:20", 100, "st03", False, W["st03"], "truncated")
emit("https://www.saltmarsh-echo.example/news/larkspur-drought-reservoirs-saltmarsh-supply",
     STORIES["st03"]["title"], "Associated Press",
     full("st03")[:-1] + P('''
Saltmarsh Bay, which draws its water from a separate coastal aquifer, is not
currently affected by the valley shortage, a spokesperson for Saltmarsh Water
said. The utility nevertheless asked Bay residents to avoid unnecessary use
during the dry spell, noting that levels in the town's two boreholes were also
slightly below normal for the season.
''') + [CREDIT["meridian"]],
     "2025-04-07T12:45", 75, "st03", False, W["st03"], "localized")

# st04 -- cave beetle
emit("https://greystonepost.example/local/greystone-cave-beetle-confirmed-new-species",
     "Greystone cave beetle confirmed as new species", "Ottilie Brand, Reuters",
     P('''
Greystone's caving community has something new to celebrate this spring. The
Greystone Daily Post first reported on the Drummond's Hole survey in 2023, when
club members described finding "small white insects" on a remote mud bank.
Now those insects have a name of their own.
''') + full("st04"),
     "2025-04-09T11:15", 45, "st04", False, W["st04"], "localized")
emit("https://copperhillrecord.example/stories/2025/04/09/blind-cave-beetle-new-to-science",
     STORIES["st04"]["title"], STORIES["st04"]["byline"], full("st04"),
     "2025-04-09T12:00", 65, "st04", False, W["st04"], "copy", straight_quotes=True)
emit("https://pellhamstar.example/region/new-cave-beetle-species-greystone",
     "New beetle species found in Greystone caves", "Reuters",
     STORIES["st04"]["body"][:3],
     "2025-04-09T18:30", 120, "st04", False, W["st04"], "truncated")

# st05 -- biscuit factory
emit("https://dunmoreobserver.example/news/2025-04-14/pemberton-vale-to-close-station-road-factory",
     "Pemberton & Vale to close Dunmore Flats factory, 340 jobs at risk",
     "Harriet Quennell, Associated Press",
     full("st05")[:-1] + P('''
Outside the factory gates on Station Road on Monday afternoon, workers
finishing the early shift said they had not expected the news. "My dad worked
on the cream line, and so did my grandmother," said packer Leanne Corbett, 34.
The Observer is collecting readers' memories of the factory for a special
edition next month.
''') + [CREDIT["meridian"]],
     "2025-04-14T08:30", 50, "st05", False, W["st05"], "localized")
emit("https://millbrookledger.example/2025/04/14/biscuit-maker-to-shut-70-year-old-factory/",
     "Biscuit maker to shut 70-year-old factory, 340 jobs at risk", "Associated Press",
     edited(full("st05"), 4, [
         ("putting 340 jobs at risk", "threatening 340 jobs"),
         ("shocked", "stunned"),
         ("warned of a wider impact", "warned that the effects would spread"),
         ("Pemberton & Vale, which is privately owned, employs",
          "The privately owned company employs"),
     ]),
     "2025-04-14T10:15", 70, "st05", False, W["st05"], "edited")
emit("https://www.riverbend-herald.example/news/2025/04/14/pemberton-vale-factory-closure",
     STORIES["st05"]["title"], STORIES["st05"]["byline"], STORIES["st05"]["body"][:4],
     "2025-04-14T11:00", 90, "st05", False, W["st05"], "truncated")
RECRAWLED = "https://westerlytimes.example/news/pemberton-vale-dunmore-flats-factory-closure"
emit(RECRAWLED, STORIES["st05"]["title"], STORIES["st05"]["byline"], full("st05"),
     "2025-04-14T09:20", 40, "st05", False, W["st05"], "copy")
emit("https://kestrelfallscourier.example/region/4520-pemberton-vale-factory-to-close",
     STORIES["st05"]["title"], "Associated Press", STORIES["st05"]["body"],
     "2025-04-14T13:40", 110, "st05", False, W["st05"], "copy", straight_quotes=True)

# st06 -- Saltmarsh storm (original + update)
emit("https://www.saltmarsh-echo.example/news/storm-leaves-40000-homes-without-power",
     STORIES["st06"]["title"], STORIES["st06"]["byline"], full("st06"),
     "2025-04-18T07:00", 30, "st06", False, W["st06"], "copy", straight_quotes=True)
emit("https://www.portaverill-tribune.example/article/storm-cuts-power-to-40000-homes-on-coast",
     "Storm cuts power to 40,000 homes on coast", "Reuters",
     edited(full("st06"), 5, [
         ("swept along", "tore along"),
         ("bringing down", "toppling"),
         ("asked people not to travel unless necessary",
          "urged people to avoid all but essential journeys"),
     ]),
     "2025-04-18T08:10", 60, "st06", False, W["st06"], "edited")
emit("https://www.harbourville-mercury.example/news/storm-power-restored-gannet-head-families",
     "Power back for most after coastal storm; Harbourville families anxious for Gannet Head relatives",
     "Jonah Merriweather, Reuters",
     P('''
Harbourville escaped the worst of Thursday night's storm, with only scattered
reports of fallen branches in the city's western districts, but several
Harbourville families with relatives on the Gannet Head peninsula told the
Mercury they had been unable to reach them by phone on Friday morning.
''') + full("st06", update_body("st06")),
     "2025-04-18T10:30", 45, "st06", False, U["st06"], "localized")
emit("https://www.elmstead-chronicle.example/news/power-restored-most-homes-saltmarsh-storm",
     "Power restored to most homes after Saltmarsh storm", None,
     update_body("st06")[:3],
     "2025-04-18T11:00", 85, "st06", False, U["st06"], "truncated")
emit("https://www.ashcombe-gazette.example/news/power-restored-saltmarsh-coast-storm",
     UPDATES["st06"]["title"].replace("UPDATE 1-", ""), STORIES["st06"]["byline"],
     update_body("st06"),
     "2025-04-18T10:05", 50, "st06", False, U["st06"], "copy")

# st07 -- holiday rental cap
TRIBUNE_ST07 = "https://www.portaverill-tribune.example/article/assembly-votes-to-let-councils-limit-holiday-lets"
emit(TRIBUNE_ST07, "Assembly votes to let councils limit holiday lets",
     "Fenella Oduya, Associated Press",
     edited(full("st07"), 7, [
         ("in a bid to ease", "aiming to ease"),
         ("record highs", "all-time highs"),
         ("Opposition members argued", "Opposition members said"),
         ("welcomed the vote", "celebrated the result"),
     ]),
     "2025-04-23T17:00", 45, "st07", False, W["st07"], "edited")
emit("https://www.harbourville-mercury.example/news/assembly-votes-holiday-lets-limit",
     None, None, None, "2025-04-24T08:00", 40, "st07", False, TRIBUNE_ST07, "mirror",
     raw_text=TEXT[TRIBUNE_ST07]
     + "\n\nThis article was originally published by The Port Averill Tribune.")
emit("https://greystonepost.example/region/assembly-passes-holiday-rental-cap",
     STORIES["st07"]["title"], "Reuters", mislabelled(full("st07")),
     "2025-04-23T17:30", 55, "st07", False, W["st07"], "copy")
emit("https://www.larkspursentinel.example/news/holiday-rental-cap-passes-assembly",
     "Holiday rental cap passes assembly", "Associated Press",
     STORIES["st07"]["body"][:3],
     "2025-04-23T18:10", 70, "st07", False, W["st07"], "truncated")
emit("https://www.thornburydispatch.example/local/holiday-lets-cap-thornbury-ridge-to-consult",
     "Holiday lets cap passed; Thornbury Ridge to consult residents",
     "Fenella Oduya, Associated Press",
     full("st07")[:-1] + P('''
Thornbury Ridge council leader Owain Harcastle said on Wednesday evening that
the town would begin consulting residents on a cap "as soon as the law
allows." About 410 properties in Thornbury Ridge are currently advertised as
holiday lets, according to council estimates, in a town of roughly 9,000
homes.
''') + [CREDIT["meridian"]],
     "2025-04-23T19:00", 65, "st07", False, W["st07"], "localized")
emit("https://pellhamstar.example/region/provincial-assembly-passes-holiday-rental-cap",
     STORIES["st07"]["title"], "Associated Press", full("st07"),
     None, "2025-04-24T09:30", "st07", False, W["st07"], "copy", straight_quotes=True)
emit("https://copperhillrecord.example/stories/2025/04/24/holiday-rental-cap-approved",
     "Holiday rental cap approved by provincial assembly", None,
     STORIES["st07"]["body"][:4],
     "2025-04-24T06:15", 80, "st07", False, W["st07"], "truncated")

# st08 -- Westerly Rovers
emit("https://westerlytimes.example/sport/rovers-promoted-ambler-stone-stoppage-time-winner",
     "ROVERS ARE UP! Ambler-Stone header seals promotion", "Dominic Threlfall, Reuters",
     P('''
Westerly Times readers who were at Quarryside Park on Saturday have been
sending us their photographs and videos of the final whistle. A selection will
appear in Monday's print edition, along with a souvenir pull-out celebrating
the promotion season. Here is Reuters' report of the match.
''') + full("st08"),
     "2025-04-26T17:55", 35, "st08", False, W["st08"], "localized")
emit("https://dunmoreobserver.example/sport/2025-04-26/westerly-rovers-clinch-promotion",
     STORIES["st08"]["title"], STORIES["st08"]["byline"], full("st08"),
     "2025-04-26T19:30", 90, "st08", False, W["st08"], "copy")

# st09 -- hospital app
emit("https://www.elmstead-chronicle.example/news/hospital-check-in-app-cuts-waits",
     "Hospital's check-in app cuts waits for minor injuries", "Anders Whitlock, Associated Press",
     edited(full("st09"), 5, [
         ("in an effort to reduce", "to try to reduce"),
         ("Early figures suggested", "Initial figures showed"),
         ("welcomed the trial but raised concerns", "backed the trial but voiced worries"),
     ]),
     "2025-05-02T12:30", 50, "st09", False, W["st09"], "edited")
emit("https://www.saltmarsh-echo.example/news/elmstead-hospital-app-trial",
     "Elmstead hospital tests emergency check-in app", "Associated Press",
     STORIES["st09"]["body"][:3],
     "2025-05-02T14:00", 95, "st09", False, W["st09"], "truncated")
emit("https://kestrelfallscourier.example/region/4688-elmstead-hospital-app-trial",
     STORIES["st09"]["title"], STORIES["st09"]["byline"], full("st09"),
     "2025-05-02T13:15", 60, "st09", False, W["st09"], "copy", straight_quotes=True)

# st10 -- attic painting
emit("https://www.thornburydispatch.example/local/lost-carrow-vane-painting-found-hollin-lane",
     "Lost Carrow Vane painting found in Hollin Lane farmhouse", "Saoirse Penhallow, AFP",
     full("st10")[:-1] + P('''
The farmhouse where the painting was found stands on Hollin Lane, on the
northern edge of Thornbury Ridge. Neighbours told the Dispatch they remembered
Mollison's uncle, Walter Mollison, as a quiet man who kept sheep and rarely
spoke about his family's history.
''') + [CREDIT["afp"]],
     "2025-05-06T10:15", 40, "st10", False, W["st10"], "localized")
emit("https://www.ashcombe-gazette.example/news/lost-seascape-turns-up-in-farmhouse-attic",
     "Lost seascape by Carrow Vane turns up in farmhouse attic", "AFP",
     distributed(edited(full("st10"), 3, [
         ("wrapped in an old blanket", "wrapped in a blanket"),
         ("Specialists at", "Experts at"),
         ("remains unclear", "is still a mystery"),
     ])),
     "2025-05-06T12:00", 75, "st10", False, W["st10"], "edited")
emit("https://millbrookledger.example/2025/05/06/painting-found-in-attic-confirmed-as-lost-work/",
     STORIES["st10"]["title"], STORIES["st10"]["byline"], full("st10"),
     "2025-05-06T11:10", 55, "st10", False, W["st10"], "copy")
emit("https://www.riverbend-herald.example/news/2025/05/06/attic-painting-carrow-vane",
     "Attic find is lost Carrow Vane painting", "AFP",
     STORIES["st10"]["body"][:3],
     "2025-05-06T16:45", 100, "st10", False, W["st10"], "truncated")

# Mirrors take their title and byline from the page they mirror.
for rec in RECORDS:
    exp = EXPECTED[rec["url"]]
    if exp["kind"] == "mirror":
        parent = next(r for r in RECORDS if r["url"] == exp["parent"])
        rec["title"] = parent["title"]
        rec["byline"] = parent["byline"]

# ------------------------------------------------------------ singletons

SINGLETONS = [
    ("https://www.riverbend-herald.example/news/2025/04/04/library-sunday-opening",
     "Riverbend library to open on Sundays from May", "By Clara Ruddock",
     "2025-04-04T12:00", 180, '''
Riverbend Public Library will open on Sunday afternoons for the first time in
more than a decade from the start of May, after the town council agreed to fund
two additional part-time posts. The main library on Ferry Street will be open
from noon until 4 p.m., with children's story sessions and a weekly homework
club.

Head librarian Owen Pritchard-Lowe said Sunday opening had been the most common
request in last year's residents' survey. "Lots of families work during the
week and Saturday is taken up with sport and shopping. Sunday is when people
have time to browse," he said.

The extra hours will cost about 38,000 dollars a year. Councillor Beatrice
Haldane, who chairs the council's community committee, said the money had been
found by moving the library's book ordering onto a shared regional contract.

The library will review Sunday visitor numbers after six months. The branch
library in Upper Riverbend will keep its existing hours.
'''),
    ("https://kestrelfallscourier.example/local/4412-kite-festival-returns-lammas-meadow",
     "Kite festival returns to Lammas Meadow after two-year break", "By Tess Orridge",
     "2025-04-12T08:00", 240, '''
The Kestrel Falls Kite Festival will return to Lammas Meadow on the last
weekend of May after a two-year absence, organisers confirmed this week. The
event was cancelled in 2023 because of flood damage to the meadow, and again
last year when the volunteer committee could not arrange insurance in time.

Festival chair Rosie Dunbar-Hale said a new committee of fourteen volunteers
had spent the winter raising money and repairing the meadow's footbridge.
"People kept stopping me in the supermarket to ask whether it was coming back.
That told us how much it matters," she said.

This year's programme includes a giant-kite display by a team from the coast, a
kite-making workshop for children in the scout hut and a night flight with
illuminated kites on the Saturday evening, weather permitting.

Entry remains free, although visitors will be asked for a donation towards next
year's event. Parking will be available at Kestrel Falls Academy, with a
shuttle bus to the meadow every twenty minutes.
'''),
    ("https://www.ashcombe-gazette.example/news/oak-framed-bus-shelter-market-cross",
     "Parish council picks oak-framed design for Market Cross bus shelter", "By Gwilym Saxby",
     "2025-04-10T15:30", 300, '''
Ashcombe Parish Council has chosen an oak-framed design for the new bus shelter
at Market Cross, replacing the glass and steel structure that was badly damaged
by a reversing lorry in January.

The winning design, by local carpenter Sion Blakeley, was one of three put to
residents in a public vote last month. It received 412 of the 700 votes cast
and includes a bench, a timetable board and a small planted roof.

Councillor Margery Fitton said the shelter would "look like it belongs in the
square" and would be built from timber grown in managed woodland in the county.
Work is expected to take about three weeks and to begin in June. Most of the
cost will be met by the haulage firm's insurer.
'''),
    ("https://millbrookledger.example/2025/04/15/millbrook-high-robotics-team-wins-regional-title/",
     "Millbrook Junction High robotics team wins regional title with recycling robot",
     "By Farida Lusk", "2025-04-15T19:00", 150, '''
A team of six students from Millbrook Junction High School has won the regional
schools robotics championship, beating 23 other schools with a robot that sorts
household recycling by material.

The robot, nicknamed "Binny," uses a camera and a simple learning program to
tell plastic, metal and paper apart, and drops each item into the correct tray
using a small arm built from the parts of an old office printer.

Team captain Esme Varga, 17, said the group had spent most lunchtimes since
September on the project. "It broke about forty times. The version that won is
basically the forty-first Binny," she said.

Physics teacher Conrad Pelly said the school would hold a bake sale and a
sponsored walk to help cover the cost of travelling to the national finals in
June. Local businesses wishing to sponsor the team can contact the school
office.
'''),
    ("https://www.portaverill-tribune.example/article/seal-pup-pontoon-released-after-rescue",
     "Seal pup rescued from marina returned to the sea", "By Ambrose Kettley",
     "2025-04-20T10:00", 200, '''
A young grey seal found tangled in fishing line at Port Averill marina was
released back into the sea on Saturday after two weeks of care at a wildlife
rescue centre.

Marina staff spotted the seal, thought to be about three months old, resting on
a pontoon on April 5 with a length of nylon line wrapped tightly around its
neck. Volunteers from Coastal Seal Rescue cut the line away and took the pup,
nicknamed "Pontoon" by marina staff, to the charity's centre for treatment.

Rescue coordinator Maeve Linton said the wound had healed well and the pup had
put on nearly four kilograms. "He went into the water without a backward
glance, which is exactly what we want to see," she said.

The charity urged anglers to take all used line home with them, and said it had
dealt with eleven entangled seals along this stretch of coast since January.
'''),
    ("https://greystonepost.example/local/quarry-lane-resurfacing-overnight-closures",
     "Quarry Lane resurfacing to start next month, with overnight closures", None,
     None, "2025-04-16T07:20", '''
Quarry Lane in Greystone will be resurfaced over three weeks from May 12, with
the road closed overnight between 8 p.m. and 6 a.m. on weekdays, the county
highways department has announced.

Diversions will be signposted via Lime Kiln Road and Upper Fold. Residents will
be able to reach their homes at all times, but may be asked to wait briefly
while machinery is moved.

The work follows repeated complaints about potholes near the junction with
Chapel Brow, where a cyclist was injured after hitting a deep rut last winter.
'''),
    ("https://www.larkspursentinel.example/obituaries/hester-quill-heritage-apples",
     "Hester Quill, who saved the valley's heritage apples, dies at 91", "By Nadia Brightwell",
     "2025-04-22T09:00", 260, '''
Hester Quill, a retired orchard owner who spent four decades tracking down and
replanting old apple varieties from the Larkspur Valley, has died at the age of
91.

Born in Cobb's Ford, she took over her parents' small orchard in the 1960s and
began asking neighbours for cuttings from forgotten trees in hedgerows,
farmyards and churchyards. Over the following years she identified more than
sixty local varieties, including the Tarrant Russet and the Ollerby Pippin,
which had been thought lost.

In 1989 she founded Valley Apple Day, an autumn fair at which growers bring
unnamed fruit to be identified. The event now draws several thousand visitors
each October, and her notebooks of sketches and tasting notes are held by the
Larkspur Cross library.

Friends described her as patient, funny and fiercely stubborn. "If Hester heard
about an old tree, she would knock on every door in the parish until she found
it," said fellow grower Colm Westaway.

She is survived by her nephew, Daniel Quill, and by three great-nieces. A
memorial gathering will be held at St Cuthwin's Church, Larkspur Cross, on
May 3, and the family has asked that any donations go to the valley orchard
trust.
'''),
    ("https://dunmoreobserver.example/news/2025-04-28/alder-street-garden-replanted",
     "Volunteers replant Alder Street community garden after vandalism", "By Kit Amesbury",
     "2025-04-28T14:20", 170, '''
More than forty volunteers turned out on Sunday to replant the Alder Street
community garden in Dunmore Flats, a week after vandals uprooted seedlings,
smashed a greenhouse and tipped over raised beds.

The garden, on a former car park behind the Methodist hall, has been run by
residents since 2019 and supplies vegetables to the town's food bank during the
summer months.

Garden coordinator Yusuf Treharne said donations of plants, compost and tools
had arrived from across the town within days. "We ended up with more seedlings
than we lost. Someone even dropped off a wheelbarrow with a bow on it," he said.

Police said they were reviewing footage from a nearby shop camera and asked
anyone with information to get in touch. A garden centre in Kingsmere has
offered to supply a replacement greenhouse free of charge.
'''),
    ("https://www.elmstead-chronicle.example/news/crumb-and-counter-bakery-old-post-office",
     "Bakery brings new life to old Elmstead post office", "By Lowri Sandoval",
     "2025-05-01T08:30", 210, '''
The former post office on Elmstead's Church Row, empty since the branch moved
into a supermarket three years ago, has reopened as a bakery and cafe.

Crumb & Counter is run by sisters Beth and Georgia Pennock, who trained at a
bakery in Port Averill before returning to their home town. They have kept the
building's original mahogany counter and brass letterbox, which now serves as a
slot for customer suggestions.

"People come in and tell us where they used to queue for their pension or post
parcels to relatives abroad. We wanted to keep that feeling of a place where
everyone ends up," Georgia Pennock said.

The bakery is open from 7 a.m. from Tuesday to Sunday. Its sourdough is made
with flour from the restored watermill at Thornbury Ridge.
'''),
    ("https://copperhillrecord.example/stories/2025/05/05/mining-museum-lamp-collection",
     "Mining museum receives collection of 40 miners' lamps", "By Pippa Wrenfield",
     "2025-05-05T12:00", 140, '''
The Copperhill Mining Museum has been given a collection of forty miners'
safety lamps, some more than 150 years old, by the family of a former mine
surveyor.

The lamps were gathered over half a century by the late Reginald Tuckett, who
worked at the Foundry Hill copper mine until it closed in 1979. His daughter,
Lorraine Tuckett-Hoy, said her father had cleaned and labelled each one by hand
and always hoped they would end up where the public could see them.

Museum manager Sunita Oakhurst said the collection was the largest single
donation the museum had received. "Each lamp has its own little dents and
repairs, and they tell you something about the person who carried it
underground," she said.

A selection will go on display in the museum's lamp room from June. The museum
is open from Wednesday to Sunday, and entry is free for Copperhill residents.
'''),
    ("https://www.saltmarsh-echo.example/news/lifeboat-rescues-paddleboarders-gull-cove",
     "Lifeboat crew rescues two paddleboarders swept out from Gull Cove", None,
     "2025-05-08T07:10", 120, '''
Two paddleboarders were rescued by the Saltmarsh Bay lifeboat on Wednesday
afternoon after an offshore wind carried them nearly two kilometres out to sea
from Gull Cove.

The coastguard was alerted at 3.40 p.m. by a walker on the cliff path who saw
the pair struggling to paddle back towards the beach. The inshore lifeboat
launched within eight minutes and reached them about a quarter of an hour
later.

Both were wearing buoyancy aids and were cold but unhurt, the lifeboat station
said. They were brought back to the station on Quay Street and checked over by
paramedics.

Helm Tobias Greenhalgh said offshore winds could be deceptive. "On the beach
it feels like a gentle breeze, but it only takes a few minutes to be carried
much further out than you meant to go. Always carry a way of calling for help,"
he said.
'''),
    ("https://pellhamstar.example/local/councillors-split-sunday-parking-charges",
     "Councillors split over plan to charge for Sunday parking in Pellham",
     "By Ruth Cavendish-Moor", None, "2025-05-10T21:05", '''
Pellham's town council is divided over a proposal to introduce charges on
Sundays at its four town-centre car parks, which have been free to use on
Sundays since they opened.

The plan, drawn up by the finance committee, would raise an estimated 95,000
dollars a year towards the upkeep of the car parks and the town's public
toilets.

Councillor Ian Macready, who chairs the committee, said the council could no
longer afford to subsidise parking. "Every other day of the week, drivers pay.
Sunday is simply the exception we can't justify any more," he said.

Councillor Helena Brisco said the charges would drive shoppers to out-of-town
retail parks. "Our high street is just about holding on. This is the wrong
moment to give people another reason to stay away," she said.

A decision is expected at the full council meeting on May 20.
'''),
]

for url, title, byline, published, fetched, block in SINGLETONS:
    emit(url, title, byline, P(block), published, fetched, None, False, None, "singleton")

# ------------------------------------------------------------ roundups

def roundup(url, title, published, fetched, intro, items):
    paras = [intro]
    for heading, sid in items:
        paras.append(heading)
        paras.append(STORIES[sid]["body"][0])
    emit(url, title, None, paras, published, fetched, None, False, None, "roundup")


roundup("https://westerlytimes.example/news/in-brief-thursday-24-april",
        "News in brief: Thursday 24 April", "2025-04-24T06:00", 45,
        "The main stories from around the region this month, in brief.",
        [("Kettle Street bridge closed", "st01"),
         ("Valley reservoirs at record low", "st03"),
         ("Biscuit factory to close", "st05"),
         ("Holiday rental cap approved", "st07")])
roundup("https://pellhamstar.example/region/regional-round-up-7-may",
        "Regional round-up", "2025-05-07T06:00", 90,
        "A quick look at some of the stories making news across the region.",
        [("New species in Greystone caves", "st04"),
         ("Rovers promoted", "st08"),
         ("Hospital check-in app", "st09"),
         ("Lost painting found", "st10")])

# ------------------------------------------------------------ shared statement

STATEMENT = P('''
"Routine testing at our Ollerby treatment works on Monday evening detected low
levels of coliform bacteria in water leaving the site. As a precaution, we are
asking customers in the affected area to boil all water used for drinking,
preparing food and brushing teeth, and to let it cool before use, until further
notice. There is no evidence that anyone has become unwell. Our teams are
flushing the network and taking further samples, and we expect to have new
results within 48 hours," the Larkspur Valley Water Authority said in a
statement.
''')[0]

emit("https://www.larkspursentinel.example/news/boil-water-notice-ollerby-cobbs-ford",
     "Boil-water notice for Ollerby and Cobb's Ford after bacteria found in supply",
     "By Nadia Brightwell",
     P('''
Households in Ollerby, Cobb's Ford and parts of eastern Copperhill have been
told to boil their tap water after routine tests at a treatment works found
traces of bacteria.
''') + [STATEMENT] + P('''
Ollerby Primary School said it would stay open, with bottled water provided for
pupils at lunchtime. Parents were asked to send children in with a filled
bottle of boiled, cooled water.

The authority said the problem was not linked to the low reservoir levels
reported in the valley last month. Free bottled water is being handed out at
Ollerby village hall and the Cobb's Ford post office between 8 a.m. and 8 p.m.
'''),
     "2025-05-13T10:40", 75, None, False, None, "shares-quote")
emit("https://copperhillrecord.example/stories/2025/05/13/eastgate-boil-water-cafes-bottled",
     "Eastgate cafes switch to bottled water as boil notice reaches Copperhill",
     "By Idris Calloway",
     P('''
Cafes and restaurants in eastern Copperhill spent Tuesday morning buying in
bottled water and switching off drinks machines after the Eastgate and Foundry
Hill districts were included in a boil-water notice covering part of the
Larkspur Valley supply.

"We found out from a customer who had seen it on her phone," said Orla
Finchley, who runs the Copper Kettle on Eastgate Road. "By half past nine we'd
cleared the shelves of the corner shop."
''') + [STATEMENT] + P('''
The authority said about 6,500 properties were affected, roughly 1,800 of them
in Copperhill. The council's environmental health team said officers would
visit food businesses in the area this week to offer advice on ice machines,
coffee equipment and washing salad.
'''),
     "2025-05-13T12:15", 50, None, False, None, "shares-quote")

# ------------------------------------------------------------ press releases

ABOUT = P('''
About Tessaline Battery Works: Tessaline Battery Works Inc. designs and
manufactures sodium-ion battery systems for grid storage, commercial buildings
and light industrial vehicles. Founded in Copperhill in 2014 by a group of
materials scientists from Copperhill University, the company operates a
research centre and pilot production line in Copperhill and a cell assembly
plant in Millbrook Junction, and employs more than 620 people. Tessaline's
batteries are made from abundant raw materials, contain no cobalt or lithium,
and are designed to be taken apart and recycled at the end of their working
life. Tessaline is listed on the Provincial Stock Exchange. For more
information, visit www.tessaline.example.
''')[0]

FLS = P('''
Forward-looking statements: This news release contains forward-looking
statements, including statements about Tessaline's expected production
capacity, future customer orders, the timing of new facilities and products,
and its financial outlook. These statements are based on management's current
expectations and assumptions and are subject to risks and uncertainties that
could cause actual results to differ materially, including changes in demand
for energy storage, the availability and cost of raw materials, delays in
construction or regulatory approvals, competition, and general economic
conditions. Readers should not place undue reliance on forward-looking
statements, which speak only as of the date of this release. Tessaline
undertakes no obligation to update or revise any forward-looking statement,
except as required by law.
''')[0]

CONTACT = ("Media contact: Lorna Fitzallan, Head of Communications, "
           "Tessaline Battery Works, press@tessaline.example")

RELEASES = [
    ("st11",
     "https://www.tessaline.example/newsroom/2025/04/08/tessaline-to-build-sodium-ion-cell-plant-in-copperhill",
     "Tessaline Battery Works to Build Sodium-Ion Cell Plant in Copperhill",
     "2025-04-08T12:00", '''
COPPERHILL, April 8, 2025 — Tessaline Battery Works Inc. today announced plans
to build a sodium-ion cell manufacturing plant on a 14-hectare site at the
Foundry Hill business park in Copperhill. The facility is expected to have an
initial annual capacity of 1.1 gigawatt-hours and to create about 280 permanent
jobs when it reaches full production in 2027.

Construction is scheduled to begin in the third quarter of 2025, subject to
final planning approval. The company expects to invest approximately 210
million dollars in the first phase of the project, funded through existing cash
reserves, a committed credit facility and a provincial clean-manufacturing
grant announced earlier this year.

"Copperhill is where Tessaline began, and it is where we want to grow," said
Dr Aurelia Brandt-Soames, co-founder and chief executive officer of Tessaline
Battery Works. "This plant will let us meet rising demand from grid operators
and fleet customers while keeping our manufacturing, our research and our
people close together."
''',
     [("https://www.wirebridge-releases.example/release/20250408/tessaline-copperhill-cell-plant",
       "2025-04-08T12:05", False),
      ("https://copperhillrecord.example/business/2025/04/08/tessaline-battery-works-cell-plant-release",
       "2025-04-08T15:30", True)]),
    ("st12",
     "https://www.tessaline.example/newsroom/2025/04/29/tessaline-reports-first-quarter-2025-results",
     "Tessaline Battery Works Reports First Quarter 2025 Results",
     "2025-04-29T20:05", '''
COPPERHILL, April 29, 2025 — Tessaline Battery Works Inc. today reported
results for the first quarter ended March 31, 2025. Revenue rose 38 percent
year on year to 46.2 million dollars, driven by deliveries of grid storage
systems to two regional utilities. The company reported a net loss of 5.8
million dollars, compared with a net loss of 9.1 million dollars a year
earlier.

Order backlog at the end of the quarter stood at 312 megawatt-hours, up from
240 megawatt-hours at the end of 2024. Gross margin improved to 17.4 percent
from 12.9 percent, reflecting higher production yields at the Millbrook
Junction assembly plant and lower prices for key raw materials. Cash and
short-term investments totalled 188 million dollars.

"We delivered our strongest quarter so far and continued to narrow our losses,"
said chief financial officer Marcus Elphinstone. "We are reaffirming our
full-year revenue guidance of 190 to 215 million dollars and remain on track to
reach positive operating cash flow in the second half of 2026."

Tessaline will host a conference call for investors and analysts at 9 a.m. on
April 30. Dial-in details and presentation slides are available on the investor
relations page of the company's website.
''',
     [("https://www.wirebridge-releases.example/release/20250429/tessaline-q1-2025-results",
       "2025-04-29T20:10", False)]),
    ("st13",
     "https://www.tessaline.example/newsroom/2025/05/12/tessaline-and-greystone-transit-depot-battery-pilot",
     "Tessaline Battery Works and Greystone Transit Launch Depot Battery Pilot",
     "2025-05-12T13:00", '''
COPPERHILL, May 12, 2025 — Tessaline Battery Works Inc. and Greystone Transit
today announced a two-year pilot project to install a 4-megawatt-hour
sodium-ion storage system at Greystone Transit's Lime Kiln Road bus depot. The
system will store electricity overnight and during periods of low demand, and
release it to charge the operator's growing fleet of battery-electric buses.

The pilot is designed to reduce peak demand charges at the depot and to test
how stationary storage can help transit operators electrify without costly
upgrades to local grid connections. Installation is expected to be completed in
September 2025, in time for the arrival of twelve new electric buses.

"Our depot was never designed to charge forty buses at once," said Greystone
Transit general manager Rufus Achterberg. "Working with Tessaline gives us a
way to grow our electric fleet now, rather than waiting years for a bigger grid
connection."
''',
     [("https://www.wirebridge-releases.example/release/20250512/tessaline-greystone-transit-pilot",
       "2025-05-12T13:04", False),
      ("https://greystonepost.example/business/tessaline-greystone-transit-depot-battery-pilot",
       "2025-05-12T16:20", True)]),
]

for sid, url, title, published, block, copies in RELEASES:
    paras = P(block) + [ABOUT, FLS, CONTACT]
    emit(url, title, None, paras, published, 20, sid, True, None, "release")
    for curl, cpub, sq in copies:
        emit(curl, title, None, paras, cpub, 45, sid, False, url, "release-copy",
             straight_quotes=sq)

# ------------------------------------------------------------ re-crawl
recrawl(RECRAWLED, "2025-04-19T03:10")

# ------------------------------------------------------------ checks & output

def check():
    # wire stories: 6-12 paragraphs of 40-90 words
    for sid, s in STORIES.items():
        assert 6 <= len(s["body"]) <= 12, (sid, len(s["body"]))
        for p in s["body"]:
            assert 40 <= words(p) <= 90, (sid, words(p), p[:60])
    for sid, u in UPDATES.items():
        for p in (u["first"], u["extra"]):
            assert 40 <= words(p) <= 90, (sid, words(p), p[:60])
        pu, po = ts(u["published"]), ts(STORIES[sid]["published"])
        assert timedelta(hours=2) <= pu - po <= timedelta(hours=4), sid
    # republication counts per story
    per = Counter(e["story"] for e in EXPECTED.values() if e["story"] and not e["origin"])
    for sid in STORIES:
        assert 2 <= per[sid] <= 7, (sid, per[sid])
    for sid, *_ in RELEASES:
        assert 1 <= per[sid] <= 2, (sid, per[sid])
    # parents exist, same story, published earlier
    for e in EXPECTED.values():
        if e["parent"]:
            pe = EXPECTED[e["parent"]]
            assert pe["story"] == e["story"], e
            a, b = PUBLISHED[e["parent"]], PUBLISHED[e["url"]]
            if a and b:
                assert a < b, e
        if e["story"] and not e["origin"]:
            origin = next(x for x in EXPECTED.values()
                          if x["story"] == e["story"] and x["origin"])
            if PUBLISHED[e["url"]]:
                assert PUBLISHED[origin["url"]] < PUBLISHED[e["url"]], e
    # truncation ratio
    for e in EXPECTED.values():
        if e["kind"] == "truncated":
            src = body_of(e["parent"])
            n = len(PARAS[e["url"]])
            assert PARAS[e["url"]] == src[:n], e["url"]
            assert 0.3 <= n / len(src) <= 0.6, (e["url"], n, len(src))
    # fetched after published
    for r in RECORDS:
        if r["published"]:
            assert r["fetched"] > r["published"], r["url"]
    # shared statement is identical in both shares-quote pages
    sq = [u for u, e in EXPECTED.items() if e["kind"] == "shares-quote"]
    assert len(sq) == 2 and all(curly(STATEMENT) in TEXT[u] for u in sq)
    # release boilerplate
    assert 110 <= words(FLS) <= 130, words(FLS)
    # urls
    for u in EXPECTED:
        host = u.split("/")[2]
        # Every host under the reserved .example top-level domain: with the Public Suffix List each
        # outlet is then a registrable site of its own (as `www.outlet.example.com` would not be).
        assert u.startswith("https://") and host.endswith(".example"), u
    urls = [r["url"] for r in RECORDS]
    dup = [u for u, c in Counter(urls).items() if c > 1]
    assert dup == [RECRAWLED], dup


check()

RECORDS.sort(key=lambda r: r["fetched"])
order = []
for r in RECORDS:
    if r["url"] not in order:
        order.append(r["url"])

arch_path = os.path.join(HERE, "sample-archive.jsonl")
with open(arch_path, "w", encoding="utf-8") as f:
    for r in RECORDS:
        f.write(json.dumps(r, ensure_ascii=False) + "\n")
with open(os.path.join(HERE, "expected.jsonl"), "w", encoding="utf-8") as f:
    for u in order:
        f.write(json.dumps(EXPECTED[u], ensure_ascii=False) + "\n")

with open(arch_path, "rb") as f:
    raw = f.read()
gz_size = len(gzip.compress(raw))
assert gz_size < 200_000, gz_size

kinds = Counter(e["kind"] for e in EXPECTED.values())
KIND_DESC = [
    ("origin", "first page of a story: the agency's own page, the company newsroom, or (st10) the outlet that ran it first"),
    ("copy", "verbatim republication (some with straight instead of curly quotes, some without the credit line)"),
    ("truncated", "only the first 30-60% of the paragraphs"),
    ("edited", "new headline, a few word substitutions, one paragraph removed"),
    ("localized", "one extra local paragraph at the start or end"),
    ("version", "the wire's own update, 2-4 hours later: rewritten first paragraph plus one extra final paragraph"),
    ("mirror", "copy of another site's edited copy, ending \"This article was originally published by ...\""),
    ("release", "company press release on the company newsroom (origin of its own story)"),
    ("release-copy", "verbatim republication of a press release"),
    ("singleton", "unrelated local article appearing once"),
    ("roundup", "\"news in brief\" page quoting the first paragraph of four different stories"),
    ("shares-quote", "two different articles that quote the same paragraph-long statement"),
]
rows = "\n".join(f"| `{k}` | {kinds[k]} | {d} |" for k, d in KIND_DESC)
n_stories = len({e['story'] for e in EXPECTED.values() if e['story']})

readme = f"""# wiretrace sample archive

A small, self-contained archive for trying out and testing wiretrace's
syndication detection. **All text is original and invented**: it was written
for this project (see `make_sample.py`), and every town, person, company,
news outlet and event in it is fictional; the news agencies named in
credits (AP, Reuters, AFP, Tribune Content Agency) are real, and wrote none of
it. URLs use the reserved `.example` top-level domain. The files are free to
use under the project's license.

## Files

- `sample-archive.jsonl` — {len(RECORDS)} crawled pages, one JSON object per line:
  `url`, `title`, `byline` (or null), `text` (paragraphs separated by a blank
  line), `published` (ISO 8601 or null), `fetched` (ISO 8601). Lines are in
  `fetched` order. One URL appears twice (a re-crawl with identical content and
  a later `fetched`), so there are {len(EXPECTED)} distinct URLs.
- `expected.jsonl` — ground truth, one line per distinct URL:
  `story` (`st01`–`st13`, or null for pages that belong to no story),
  `origin` (true only for the first page of a story), `parent` (URL of the page
  it was copied from, or null) and `kind`.
- `make_sample.py` — regenerates the three files (`python3 samples/make_sample.py`).

## Contents

- 10 wire stories (`st01`–`st10`), republished 2–7 times each across 15
  fictional local news sites; two of them also have a wire update version.
  The stories are invented, but their credits name real agencies, as real
  pages do, so that `wiretrace report agencies` and the credit columns have
  something to show:
  - `st01`, `st03`, `st05`, `st07`, `st09` are credited to the Associated
    Press ("HARBOURVILLE (AP) —", "© 2025 The Associated Press"), and their
    first pages stand on `apnews.example`, which wiretrace takes for AP's
    own site (the story's origin by `agency-site`);
  - `st02`, `st04`, `st06`, `st08` are Reuters stories, first on
    `www.reuters.example`;
  - `st10` is an AFP story whose agency page is not in the archive: it was
    first seen on an outlet (`westerlytimes.example`), which is the story's
    origin but not its author (`report site westerlytimes.example` counts it
    as an agency story it ran first); one of its copies credits the
    **distributor** too ("Distributed by Tribune Content Agency, LLC");
  - one copy of `st07` on `greystonepost.example` is **mislabelled**: it drops
    the AP dateline and prints Reuters' copyright line.
- 3 press releases from the fictional Tessaline Battery Works (`st11`–`st13`),
  each a separate story, sharing an identical "About" paragraph, an identical
  ~120-word forward-looking statements paragraph and contact line, each
  republished verbatim on 1–2 sites.
- 12 unrelated local articles, 2 "news in brief" roundups and 2 articles that
  share one quoted statement. None of these belong to a story: roundups and
  shared-quote articles must not be grouped with the stories they overlap.

Every host is under the reserved `.example` top-level domain, so each outlet
is a registrable site of its own, with the Public Suffix List or without it.

| kind | pages | meaning |
|---|---|---|
{rows}

Copies of an update have the update page as `parent`; mirrors have the copy
they mirror as `parent`. `origin` is false for pages with no story.
"""
with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as f:
    f.write(readme)

print(f"lines={len(RECORDS)} distinct_urls={len(EXPECTED)} stories={n_stories} gz_bytes={gz_size}")
for k, _ in KIND_DESC:
    print(f"  {k}: {kinds[k]}")
