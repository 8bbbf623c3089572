// Starts GOV.UK Frontend's components (menu toggle, error summary focus).
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
