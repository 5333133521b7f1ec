//! The fixes rustc accepts for a lookup that may find nothing, besides `match`: each one is
//! compiled and run here, so the slide names nothing that does not build.
use std::collections::HashMap;

// #region question
// `?` on an Option returns None from a function that itself returns an Option.
fn with_vat(prices: &HashMap<&str, f64>, fruit: &str) -> Option<f64> {
    let price = prices.get(fruit)?; // None: return None now
    Some(price * 1.2)
}
// #endregion question

fn main() {
    let prices = HashMap::from([("apple", 1.20), ("pear", 0.90)]);
    // #region fixes
    if let Some(p) = prices.get("kiwi") {
        println!("kiwi: {:.2}", p * 1.2); // skipped: no kiwi
    }
    // get gives Option<&f64>: copied() makes it Option<f64>
    let p = prices.get("kiwi").copied().unwrap_or(0.0);
    println!("kiwi: {:.2}", p * 1.2);
    // #endregion fixes
    println!("{:?} {:?}", with_vat(&prices, "apple"), with_vat(&prices, "kiwi"));
}
