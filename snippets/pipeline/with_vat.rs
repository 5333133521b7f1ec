// with_vat from bytecode_dis.py, compiled ahead of time by rustc. The MIR, LLVM IR and
// assembly beside it are rustc's own output (scripts/bless.ts).
#[unsafe(no_mangle)] // its own symbol, to show its code
// #region source
pub fn with_vat(price: f64, rate: f64) -> f64 {
    price + price * rate
}
// #endregion source
