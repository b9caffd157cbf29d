//! Country: whom a speaker speaks for, as a type rather than sentinel strings.
//!
//! A speaker stands for a named country (`Named`, spelt as `labels/speakers.toml` and
//! `labels/targets.toml` spell it), for no state although the text says who they are
//! (`Other`: analysts, think tanks, a foreign expert the lists do not know), or for no one
//! (`None`: the author). At the edges (JSON, CSV, the hand-label format) the three are
//! written `<name>`, `other` and `none`.

use std::fmt;

use serde::{Serialize, Serializer};

/// The country a speaker represents.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub enum Country {
    /// No one: the author, or a unit with no speaker (`none`).
    #[default]
    None,
    /// A speaker who speaks for no state, or whose state the text does not say (`other`).
    Other,
    /// A state, by the name the label data uses.
    Named(String),
}

impl Country {
    /// From the edge form: `none`, `other`, or a name.
    pub fn parse(s: &str) -> Country {
        match s {
            "none" => Country::None,
            "other" => Country::Other,
            name => Country::Named(name.to_string()),
        }
    }

    /// The edge form: `none`, `other`, or the name.
    pub fn as_str(&self) -> &str {
        match self {
            Country::None => "none",
            Country::Other => "other",
            Country::Named(n) => n,
        }
    }

    /// The state's name, for `Named`.
    pub fn name(&self) -> Option<&str> {
        match self {
            Country::Named(n) => Some(n),
            _ => None,
        }
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn edge_forms_round_trip() {
        for s in ["none", "other", "Kazakhstan", "US"] {
            assert_eq!(Country::parse(s).as_str(), s);
        }
        assert_eq!(Country::parse("none"), Country::None);
        assert_eq!(Country::parse("other"), Country::Other);
        assert_eq!(Country::parse("China").name(), Some("China"));
        assert_eq!(Country::Other.name(), None);
        assert_eq!(
            serde_json::to_string(&Country::parse("Russia")).unwrap(),
            "\"Russia\""
        );
    }
}
