import { execFlags, progressLine } from "./exec-args"

describe("execFlags", () => {
  it("should read --name=value, a switch, a value holding =, and the environment", () => {
    process.env.TEST_FLAGS_BATCH_SIZE = "500"
    const flag = execFlags(
      ["--file=a.csv", "--dry-run", '--mapping={"a":"b=c"}'],
      "TEST_FLAGS"
    )
    expect(flag("file")).toBe("a.csv")
    expect(flag("dry-run")).toBe("true")
    expect(flag("mapping")).toBe('{"a":"b=c"}')
    expect(flag("batch-size")).toBe("500")
    expect(execFlags([])("batch-size")).toBeUndefined()
    delete process.env.TEST_FLAGS_BATCH_SIZE
  })
})

describe("progressLine", () => {
  it("should show the share done and the counts", () => {
    const line = progressLine(50, 200, { startedAt: Date.now() - 1000 })
    expect(line).toMatch(
      /^\[#{8}-{22}\] 25\.0% 50\/200 · \d+ rows\/s · ETA \d+ s$/
    )
  })
})
