// expect-error: E0277
// #region spawn
use std::rc::Rc;
use std::thread;

fn main() {
    // Rc counts its owners without atomics
    let rows = Rc::new(vec![1, 2, 3]);
    thread::spawn(move || rows.len());
}
// #endregion spawn
