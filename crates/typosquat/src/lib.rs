//! baitwatch-typosquat (being written).
