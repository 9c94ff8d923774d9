//! Bad input never panics; unrecoverable files give one clear sentence.
