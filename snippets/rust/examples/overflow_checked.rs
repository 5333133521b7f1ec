//! Python's int grows as needed; a Rust integer has a fixed width. Past u32::MAX, `+`
//! panics in a debug build and wraps around in a release build (the harness runs this
//! release build; tests/snippets/overflow.test.ts also runs a debug build and sees the
//! panic). `checked_add` makes the overflow a value you must handle.

fn main() {
    // #region overflow
    let total: u32 = "4000000000".parse().unwrap(); // cents
    println!("{:?}", total.checked_add(1)); // fits
    println!("{:?}", total.checked_add(500_000_000));
    println!("{}", total + 500_000_000); // debug: panic
    // #endregion overflow
}
