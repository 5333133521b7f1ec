# expect-exception: TypeError
# A lookup that finds nothing returns None, and nothing checks it until the line runs.

# #region lookup
prices = {"apple": 1.20, "pear": 0.90}

for fruit in ["apple", "kiwi"]:
    price = prices.get(fruit)  # kiwi: None
    print(f"{fruit}: {price * 1.2:.2f}")
# #endregion lookup
