//! No null: a lookup that may find nothing returns an `Option`, and the caller must say
//! what happens in the `None` case before it can use the value.
use std::collections::HashMap;

fn main() {
    let prices = HashMap::from([("apple", 1.20), ("pear", 0.90)]);

    // #region handled
    for fruit in ["apple", "kiwi"] {
        let shown = match prices.get(fruit) {
            Some(p) => format!("{:.2}", p * 1.2),
            None => "no price".to_string(),
        };
        println!("{fruit}: {shown}");
    }
    // #endregion handled
}
