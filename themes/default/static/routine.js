// Follow-along mode of routine pages (being written).
