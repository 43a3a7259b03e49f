"""Throughput of `app.pipeline.extract` on generated news articles, in one process.

    .venv/bin/python benchmarks/extract_bench.py [--articles 5000] [--seed 7]

Articles are built from templates with varied militia spellings, people, places, numbers,
dates and sentence order, so caches keyed on exact strings do not flatter the figure.
Prints `extract: N articles/s` and the process's peak memory.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.pipeline import actors, clean, dates, events, extract, ingest, sentences, troops  # noqa: E402
from app.pipeline.types import DocContext  # noqa: E402

STAGES = ("ingest", "clean", "sentences", "dates", "actors", "troops", "events")

MILITIAS = [
    "Kata'ib Hezbollah", "Kataib Hezbollah", "Kataeb Hizbollah", "Kata’ib Hizballah",
    "the Hezbollah Brigades", "Asaib Ahl al-Haq", "Asa'ib Ahl Al Haq", "Harakat al-Nujaba",
    "Harakat Hezbollah al-Nujaba", "Kataib Sayyid al-Shuhada", "the Badr Organisation",
    "Saraya Awliya al-Dam", "Ashab al-Kahf", "the Islamic Resistance in Iraq",
    "the Iraqi Resistance Coordination Committee", "Usbat al-Thairin", "Qassem al-Jabbarin",
    "Rab'allah", "Saraya al-Salam", "the Popular Mobilization Forces", "Hashd al-Shaabi",
]  # fmt: skip
FIRST = ["Abu Ali", "Jaafar", "Mohammed", "Kareem", "Akram", "Qais", "Hadi", "Faleh", "Ahmed"]
LAST = ["al-Askari", "al-Husseini", "Mohie", "Nuri", "al-Kaabi", "al-Khazali", "al-Amiri"]
PLACES = ["Baghdad", "Erbil", "Ain al-Asad", "Camp Taji", "Balad", "Kirkuk", "Basra", "Anbar"]
CITIES = ["BAGHDAD", "ERBIL", "WASHINGTON", "BASRA", "BEIRUT", "TEHRAN"]
AGENCIES = ["Reuters", "AFP", "AP", "Xinhua", "IANS", "Kurdistan 24"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
COUNTRIES = ["Iraq", "Syria"]
QUALIFIERS = ["", "about ", "around ", "over ", "more than ", "some ", "nearly ", "up to "]

HEADLINES = [
    "{militia} threatens US forces in {place}",
    "Rockets hit {place} base hosting US troops",
    "Iraqi militias say they have halted attacks on US forces",
    "US strikes {militia} sites after deadly attack",
    "{militia} demands full US withdrawal from Iraq",
]
SENTENCES = [
    "{militia} warned on {weekday} that it would target US forces if they did not leave.",
    "A spokesman for {militia}, {person}, said the group would use all weapons at its disposal.",
    "Rockets struck the {place} base on {weekday} night, the coalition said.",
    "There are {qual}{n:,} US troops in {country}.",
    "The US has {qual}{n:,} troops in Iraq and {m:,} in Syria.",
    "{person} told reporters in {place} that the resistance would not stop.",
    "The Pentagon said the strikes targeted five weapons depots used by {militia}.",
    "Iraqi officials said {k} people were wounded in the attack near {place}.",
    "The number of US troops in Iraq will fall to {n:,} by September, officials said.",
    "{militia} denied involvement, and no group claimed responsibility.",
    "Washington blames {militia} for dozens of attacks since {month} {year}.",
    "The Iraqi parliament voted in January to expel foreign forces from the country.",
    "NATO plans to expand its mission from {k} to {n:,} personnel.",
    "Lebanon's Hezbollah praised the attack in a statement from Beirut.",
    "“We will respond,” {person} said, adding that talks with Baghdad would go on.",
    "Brig. Gen. {person} said the U.S. Embassy was not hit.",
    "The group, known as {militia}, has ties to Iran's Revolutionary Guards.",
]  # fmt: skip


def make_article(rng: random.Random) -> str:
    day = dt.date(2018, 1, 1) + dt.timedelta(days=rng.randrange(2400))
    slots = {
        "militia": rng.choice(MILITIAS),
        "place": rng.choice(PLACES),
        "weekday": rng.choice(WEEKDAYS),
        "person": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        "qual": rng.choice(QUALIFIERS),
        "n": rng.choice([2000, 2500, 3000, 5000, 5200]) + rng.randrange(0, 5) * 100,
        "m": rng.choice([700, 800, 900, 1000]),
        "k": rng.randrange(2, 600),
        "country": rng.choice(COUNTRIES),
        "month": day.strftime("%B"),
        "year": day.year - 1,
    }
    head = _top_lines(rng, day)
    body = [rng.choice(SENTENCES) for _ in range(rng.randrange(16, 32))]
    paragraphs = [" ".join(body[i : i + 2]) for i in range(0, len(body), 2)]
    title = rng.choice(HEADLINES).format(**slots)
    return "\n\n".join([title, *head, *paragraphs]).format(**slots)


def _top_lines(rng: random.Random, day: dt.date) -> list[str]:
    city, agency = rng.choice(CITIES), rng.choice(AGENCIES)
    choices = [
        [f"Published: {day:%d %B %Y}"],
        [f" date {day.isoformat()}"],
        [f"{agency} , {day:%A} {day.day} {day:%b %Y}"],
        [f"{city}, {day:%b}. {day.day} ({agency}) --"],
        [f"Last Update 20:39\n{day + dt.timedelta(days=700):%A, %d %B %Y}"],
        [],
    ]
    return rng.choice(choices)


def stage_breakdown(articles: list[str]) -> dict[str, float]:
    """CPU seconds per stage, running the stages in `extract_document`'s order."""
    spent = dict.fromkeys(STAGES, 0.0)

    def timed(stage: str, fn: Callable[..., Any], *args: Any) -> Any:
        started = time.process_time()
        out = fn(*args)
        spent[stage] += time.process_time() - started
        return out

    for text in articles:
        raw = timed("ingest", ingest.from_text, text)
        doc = timed("clean", clean.clean_document, raw)
        sents = tuple(timed("sentences", sentences.split_sentences, doc.text))
        pub = timed("dates", dates.find_published, doc)
        ctx = DocContext(doc=doc, sentences=sents, published=pub)
        mentions = timed("actors", actors.find_actors, ctx)
        timed("actors", actors.summarise_actors, mentions)
        ctx = DocContext(doc=doc, sentences=sents, published=pub, actors=tuple(mentions))
        timed("troops", troops.find_troop_levels, ctx)
        timed("events", events.find_events, ctx)
    return spent


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=5000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    articles = [make_article(rng) for _ in range(args.articles)]
    distinct = len(set(articles))
    extract(articles[0])  # load data files and compile patterns once, outside the timing
    started, cpu_started = time.perf_counter(), time.process_time()
    troops = events = actors = 0
    for text in articles:
        result = extract(text)
        troops += len(result.troop_levels)
        events += len(result.events)
        actors += len(result.actors)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    mean_chars = sum(map(len, articles)) / len(articles)
    print(f"articles: {len(articles)} ({distinct} distinct, {mean_chars:.0f} chars on average)")
    print(f"found: {actors} actors, {troops} troop levels, {events} events")
    print(f"extract: {len(articles) / elapsed:.0f} articles/s ({elapsed:.2f} s wall clock)")
    print(f"cpu: {len(articles) / cpu:.0f} articles per CPU second ({cpu:.2f} s)")
    print(f"peak memory: {peak_kib / 1024:.1f} MiB (max RSS)")
    sample = articles[:1000]
    spent = stage_breakdown(sample)
    print(
        "per stage (CPU us/article): "
        + ", ".join(f"{stage} {spent[stage] / len(sample) * 1e6:.0f}" for stage in STAGES)
    )


if __name__ == "__main__":
    main()
