"""Write N short wire-style articles for scaling runs (issue 16): our own template text,
seeded, every sentence distinct (so no pair is shared and cost is not flattered by the
duplicate-pair saving), five sentences each, each naming one of the three powers.

    python3 benches/make_corpus.py N OUT_DIR [--seed 7]
"""
import argparse
import os
import random

CITIES = ["ALMATY", "ASTANA", "TASHKENT", "BISHKEK", "DUSHANBE", "ASHGABAT", "MOSCOW", "BEIJING", "WASHINGTON"]
POWERS = ["China", "Russia", "the United States", "Beijing", "Moscow", "Washington"]
SPEAKERS = ["the foreign minister", "a senior official", "the deputy prime minister", "an analyst in Almaty",
            "the ambassador", "a spokesperson for the ministry", "the head of the chamber of commerce",
            "an opposition lawmaker", "a researcher at a Tashkent think tank", "the energy minister"]
VERBS = ["said", "told reporters", "wrote in a statement", "said in an interview", "argued", "noted"]
TOPICS = ["a rail corridor to the Caspian", "a new gas pipeline", "grain exports", "a solar plant",
          "the customs union", "a loan for the power grid", "border security talks", "student visas",
          "a copper mine", "electricity supplies for the winter"]
CLAIMS = [
    "{p} had offered {n} million dollars for {t}, and the government would decide by {m}",
    "talks with {p} on {t} had stalled after {n} rounds, with no date set for the next one",
    "the partnership with {p} on {t} had created about {n} jobs since {m}",
    "{p} was asking too much in return for {t}, a deal worth {n} million dollars",
    "the country would keep working with {p} on {t} while also talking to other partners",
    "{p} had delivered {n} thousand tonnes under the agreement on {t} before {m}",
    "critics blamed {p} for delays on {t} that had cost the budget {n} million dollars",
    "officials from {p} would visit in {m} to sign papers on {t}",
]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]


def sentence(rng, k):
    claim = rng.choice(CLAIMS).format(p=rng.choice(POWERS), t=rng.choice(TOPICS),
                                      n=rng.randint(2, 900) + k * 1000, m=rng.choice(MONTHS))
    s = f"{rng.choice(SPEAKERS).capitalize()} {rng.choice(VERBS)} that {claim}."
    return s


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("n", type=int)
    ap.add_argument("out")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    k = 0
    for i in range(a.n):
        lines = []
        for j in range(5):
            k += 1
            s = sentence(rng, k)
            if j == 0:
                s = f"{rng.choice(CITIES)}, {rng.choice(MONTHS)} {rng.randint(1, 28)} - " + s
            lines.append(s)
        with open(os.path.join(a.out, f"gen_{i:05d}.txt"), "w", encoding="utf-8") as f:
            f.write("\n\n".join(lines) + "\n")


if __name__ == "__main__":
    main()
