//! Samples shown on slides live in `examples/`, one runnable program each.
