use rayon::prelude::*;

/// One chunk of the GIL recorders' job: step a 31-bit LCG.
fn run_chunk(chunk: u32, steps: u32) -> u32 {
    let mut state = chunk;
    for _ in 0..steps {
        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345) & 0x7FFF_FFFF;
    }
    state
}

fn main() {
    // #region par_iter
    let checksum = (0..2000u32)
        .into_par_iter() // chunks spread over every core
        .map(|chunk| run_chunk(chunk, 2000))
        .reduce(|| 0, |a, b| a ^ b); // partial results combined
                                     // #endregion par_iter
    println!("checksum {checksum}");
}
