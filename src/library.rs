//! A library of speeches: dating documents, following formulations across them, and comparing two.

pub mod catalog;
pub mod compare;
pub mod date;
pub mod export;
pub mod index;
pub mod trends;
