// expect-error: E0308
// `unwrap_or(0.0)` straight on `HashMap::get`: the Option holds a `&f64`, so the default
// must be a reference too. `.copied()` first is the fix (option_fixes.rs).
use std::collections::HashMap;

fn main() {
    let prices = HashMap::from([("apple", 1.20), ("pear", 0.90)]);
    let price: f64 = prices.get("kiwi").unwrap_or(0.0);
    println!("{:.2}", price * 1.2);
}
