//! Errors are values: the signature says this can fail, and `?` passes the error up.
use std::num::ParseIntError;

// #region result
fn total(row: &str) -> Result<u32, ParseIntError> {
    let mut subtotal = 0;
    for field in row.split(',') {
        subtotal += field.parse::<u32>()?;
    }
    Ok(subtotal)
}
// #endregion result

fn main() {
    for row in ["3,4,5", "3,four,5"] {
        // #region caller
        match total(row) {
            Ok(sum) => println!("{row} {sum}"),
            Err(e) => println!("{row} {e}"),
        }
        // #endregion caller
    }
}
