"""Write a Commerce Cloud customer XML file of N made-up customers, as a stream.

Each customer has credentials (a Commerce Cloud scrypt-looking hash, as real exports
carry, or a plain-text password with --plain-passwords), a full profile, single- and
multi-value custom attributes and two addresses, one preferred:

    python bench/generate_customers_xml.py --customers 100000 --output /tmp/customers.xml

The same arguments always give the same file (seeded), so runs compare.
"""

import argparse
import random
import sys
from pathlib import Path

NAMESPACE = "http://www.demandware.com/xml/impex/customer/2006-10-31"
FIRST = ["Ann", "Bob", "Carla", "Dmitri", "Eve", "Farid", "Grace", "Hiro", "Ines", "Jon"]
LAST = ["Smith", "Müller", "García", "Okafor", "Nguyen", "Rossi", "Dubois", "Kowalski"]
CITIES = [
    ("Boston", "MA", "US", "02108"),
    ("Berlin", "", "DE", "10115"),
    ("Lyon", "", "FR", "69001"),
]
INTERESTS = ["running", "tennis", "cooking", "travel", "books", "cycling"]


def customer(number: int, rng: random.Random, plain: bool) -> str:
    first, last = rng.choice(FIRST), rng.choice(LAST)
    login = f"{first.lower()}.{number}@example.com"
    if plain:
        password = f'<password encrypted="false">Bench!Passw0rd{number}</password>'
    else:
        digest = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789") for _ in range(44))
        password = f'<password encrypted="true" encryptionScheme="scrypt">{digest}</password>'
    birthday = f"19{rng.randint(40, 99)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    created = f"2019-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}"
    tier = rng.choice(["gold", "silver"])
    interests = "".join(f"<value>{i}</value>" for i in rng.sample(INTERESTS, 2))
    addresses = []
    for index, address_id in enumerate(("home", "work")):
        city, state, country, postal = rng.choice(CITIES)
        preferred = ' preferred="true"' if index == 0 else ""
        addresses.append(
            f'      <address address-id="{address_id}"{preferred}>\n'
            f"        <first-name>{first}</first-name>\n        <last-name>{last}</last-name>\n"
            f"        <address1>{rng.randint(1, 999)} Main Street</address1>\n"
            f"        <city>{city}</city>\n        <postal-code>{postal}</postal-code>\n"
            + (f"        <state-code>{state}</state-code>\n" if state else "")
            + f"        <country-code>{country}</country-code>\n"
            f"        <phone>+1 555 {number % 10000:04d}</phone>\n"
            "        <custom-attributes>\n"
            f'          <custom-attribute attribute-id="deliveryNote">Gate {index}'
            "</custom-attribute>\n"
            "        </custom-attributes>\n"
            "      </address>\n"
        )
    return (
        f'  <customer customer-no="{number:08d}">\n'
        f"    <credentials>\n      <login>{login}</login>\n      {password}\n"
        "      <enabled-flag>true</enabled-flag>\n    </credentials>\n"
        "    <profile>\n"
        f"      <first-name>{first}</first-name>\n      <last-name>{last}</last-name>\n"
        f"      <email>{login}</email>\n"
        f"      <phone-mobile>+1 555 {number % 10000:04d}</phone-mobile>\n"
        f"      <birthday>{birthday}</birthday>\n"
        f"      <gender>{rng.randint(1, 2)}</gender>\n"
        f"      <creation-date>{created}T10:00:00.000Z</creation-date>\n"
        "      <preferred-locale>en_US</preferred-locale>\n"
        "      <custom-attributes>\n"
        f'        <custom-attribute attribute-id="loyaltyTier">{tier}</custom-attribute>\n'
        f'        <custom-attribute attribute-id="interests">{interests}</custom-attribute>\n'
        "      </custom-attributes>\n"
        "    </profile>\n"
        f"    <addresses>\n{''.join(addresses)}    </addresses>\n"
        "  </customer>\n"
    )


def generate(
    path: str, customers: int, plain_passwords: bool = False, first_number: int = 1, seed: int = 1
) -> None:
    rng = random.Random(seed)
    with open(path, "w", encoding="utf-8") as out:
        out.write(f'<?xml version="1.0" encoding="UTF-8"?>\n<customers xmlns="{NAMESPACE}">\n')
        for number in range(first_number, first_number + customers):
            out.write(customer(number, rng, plain_passwords))
        out.write("</customers>\n")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--output", default="-", help="file to write (default stdout)")
    parser.add_argument("--plain-passwords", action="store_true")
    parser.add_argument("--first-number", type=int, default=1, help="first customer number")
    args = parser.parse_args()
    path = "/dev/stdout" if args.output == "-" else args.output
    generate(path, args.customers, args.plain_passwords, args.first_number)
    if args.output != "-":
        size = Path(args.output).stat().st_size / 2**20
        print(f"{args.customers} customers, {size:.1f} MiB -> {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
