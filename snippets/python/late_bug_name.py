# expect-exception: NameError
"""A typo in a branch that rarely runs: Python reports it only when that line finally runs."""


# #region bug
def normalize(code: str) -> str:
    return code.strip().upper()


def country_of(row: dict[str, str]) -> str:
    if row["country"]:
        return normalize(row["country"])
    # rare: no country, use the billing one
    return normalise(row["billing"])
# #endregion bug


ROWS = [
    {"country": "de", "billing": "de"},
    {"country": "us", "billing": "ca"},
    {"country": "nl ", "billing": "nl"},
    {"country": "", "billing": " fr"},
]
for number, row in enumerate(ROWS, start=1):
    print(number, country_of(row))
