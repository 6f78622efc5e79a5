//! baitwatch facade (being written).
