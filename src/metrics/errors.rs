//! Error classes as columns: a fixed order and a stable name for each [`ErrorClass`], so that
//! recorders keep error counters in a plain array (no map on the hot path) and results, the
//! `.hlog` tags and the summary all spell a class the same way.

use super::ErrorClass;

impl ErrorClass {
    /// Every class, in the order of the recorders' arrays and of the summary's columns.
    pub const ALL: [ErrorClass; 5] = [
        ErrorClass::Timeout,
        ErrorClass::Overloaded,
        ErrorClass::Unavailable,
        ErrorClass::Invalid,
        ErrorClass::Other,
    ];

    /// The name used in run.json, in `.hlog` tags and in the summary.
    pub const fn name(self) -> &'static str {
        match self {
            ErrorClass::Timeout => "timeout",
            ErrorClass::Overloaded => "overloaded",
            ErrorClass::Unavailable => "unavailable",
            ErrorClass::Invalid => "invalid",
            ErrorClass::Other => "other",
        }
    }

    /// The class's position in [`ErrorClass::ALL`].
    pub const fn index(self) -> usize {
        match self {
            ErrorClass::Timeout => 0,
            ErrorClass::Overloaded => 1,
            ErrorClass::Unavailable => 2,
            ErrorClass::Invalid => 3,
            ErrorClass::Other => 4,
        }
    }

    /// The class called `name` (as written by [`ErrorClass::name`]).
    pub fn from_name(name: &str) -> Option<ErrorClass> {
        ErrorClass::ALL.into_iter().find(|c| c.name() == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn index_and_name_agree_with_all() {
        for (i, class) in ErrorClass::ALL.into_iter().enumerate() {
            assert_eq!(class.index(), i, "{class:?}");
            assert_eq!(ErrorClass::from_name(class.name()), Some(class));
        }
        assert_eq!(ErrorClass::from_name("boom"), None);
    }
}
