//! baitwatch-links (being written).
