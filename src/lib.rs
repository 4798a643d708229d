pub mod decode;
pub mod diag;
pub mod rules;
pub mod span;
pub mod text;
