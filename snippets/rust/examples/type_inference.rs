//! Static types, mostly inferred: only the function signature spells its types out.
//! Money is whole cents in an integer, as in the ETL job: never a float.

// #region infer
fn with_vat(cents: u64) -> u64 {
    (cents * 120 + 50) / 100 // +20 %, to the cent
}

fn main() {
    for row in "A1,1000\nB2,450".lines() {
        let (sku, cents) = row.split_once(',').unwrap(); // &str, &str
        let cents: u64 = cents.parse().unwrap(); // text -> number, on purpose
        println!("{sku} {} cents", with_vat(cents));
    }
}
// #endregion infer
