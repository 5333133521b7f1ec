// expect-error: E0502
// Holding a reference into a Vec while pushing to it: the push may move the buffer.

fn main() {
    let mut scores = vec![90, 72, 85];
    let first = &scores[0];
    scores.push(100);
    println!("first = {first}");
}
