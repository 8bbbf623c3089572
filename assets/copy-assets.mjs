// Copies GOV.UK Frontend's JavaScript and images, and axe-core for the
// browser tests, into static_build/ (never committed: built at install).
import { cpSync, mkdirSync } from "node:fs";

const dist = "node_modules/govuk-frontend/dist/govuk";
mkdirSync("static_build/govuk/assets", { recursive: true });
cpSync(`${dist}/govuk-frontend.min.js`, "static_build/govuk/govuk-frontend.min.js");
cpSync(`${dist}/assets/images`, "static_build/govuk/assets/images", { recursive: true });
cpSync(`${dist}/assets/manifest.json`, "static_build/govuk/assets/manifest.json");
mkdirSync("static_build/vendor", { recursive: true });
cpSync("node_modules/axe-core/axe.min.js", "static_build/vendor/axe.min.js");
