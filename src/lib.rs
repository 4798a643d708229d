pub mod date;
pub mod decode;
pub mod diag;
pub mod model;
pub mod rules;
pub mod segment;
pub mod span;
pub mod text;
