export * from "./record-known-order-contact"
