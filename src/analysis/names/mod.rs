//! Names in news text: the line-level finder ([`finder`]); the lexicon,
//! gazetteer, kinds and variants join it here, each a file with its tests.

pub mod finder;
pub mod gazetteer;
pub mod kinds;
pub mod lexicon;
pub mod variants;
