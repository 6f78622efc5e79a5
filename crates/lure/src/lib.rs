//! baitwatch-lure (being written).
