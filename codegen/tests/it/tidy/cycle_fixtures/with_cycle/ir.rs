//! The model both emit modules read.
pub struct Api;
