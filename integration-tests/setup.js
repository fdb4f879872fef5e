const { MetadataStorage } = require("@mikro-orm/core")

// Each test file boots its own app or module; stale entity metadata from a previous file breaks it.
MetadataStorage.clear()
