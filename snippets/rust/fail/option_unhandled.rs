// expect-error: E0308
// Using an `Option<&f64>` as if it were the `f64` inside: the `None` case is not handled.
use std::collections::HashMap;

fn main() {
    let prices = HashMap::from([("apple", 1.20), ("pear", 0.90)]);
    let price: f64 = prices.get("kiwi");
    println!("{:.2}", price * 1.2);
}
