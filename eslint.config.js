const medusa = require("@medusajs/eslint-plugin")
const tseslint = require("typescript-eslint")

module.exports = [
  {
    ignores: [
      "node_modules/**",
      ".medusa/**",
      ".demo-data/**",
      "src/modules/*/migrations/**",
    ],
  },
  ...tseslint.configs.recommended,
  ...medusa.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unused-vars": [
        "error",
        { argsIgnorePattern: "^_", varsIgnorePattern: "^_" },
      ],
    },
  },
  {
    files: ["**/*.js"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    // Tooling outside the app: a plain Error is what a CLI or config should throw.
    files: ["*.js", "scripts/**", "integration-tests/**", "bench/**"],
    rules: { "@medusajs/use-medusa-error-not-generic-error": "off" },
  },
]
