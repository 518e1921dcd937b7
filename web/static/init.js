// GOV.UK Frontend's components (menus, error summary focus, character counts...). Loaded as a
// module at the end of <body>: the pages work without it, this only enhances them.
import { initAll } from "./govuk-frontend.min.js";

initAll();
