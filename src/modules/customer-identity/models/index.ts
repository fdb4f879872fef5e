export { default as CustomerEmail } from "./customer-email"
export { default as CustomerLink } from "./customer-link"
export { default as CustomerPhone } from "./customer-phone"
export { default as OrderContact } from "./order-contact"
