import { Module } from "@medusajs/framework/utils"
import { CUSTOMER_IDENTITY_MODULE } from "../../types/constants"
import optionsLoader from "./loaders/options"
import CustomerIdentityModuleService from "./service"

export default Module(CUSTOMER_IDENTITY_MODULE, {
  service: CustomerIdentityModuleService,
  loaders: [optionsLoader],
})
