//! baitwatch-campaign (being written).
