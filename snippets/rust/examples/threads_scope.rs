use std::sync::Mutex;
use std::thread;

fn main() {
    // #region scope
    let words = ["read", "the", "csv", "file"];
    let total = Mutex::new(0); // owns the data
    thread::scope(|s| {
        for word in &words {
            s.spawn(|| {
                let mut n = total.lock().unwrap();
                *n += word.len();
            });
        }
    }); // every thread has been joined here
    let letters = total.into_inner().unwrap();
    println!("{letters} letters");
    // #endregion scope
}
