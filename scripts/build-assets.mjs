// Builds the front-end assets into engagement_portal/static/build (ignored by git):
// our Sass over GOV.UK Frontend, its JavaScript and images, and axe-core for the browser tests.
import { cpSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const govuk = join(root, "node_modules", "govuk-frontend", "dist", "govuk");
const out = join(root, "engagement_portal", "static", "build");

mkdirSync(out, { recursive: true });
const css = sass.compile(join(root, "assets", "scss", "application.scss"), {
  style: "compressed",
  importers: [new sass.NodePackageImporter(root)],
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(join(out, "application.css"), css.css);
cpSync(join(govuk, "govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(govuk, "assets", "images"), join(out, "images"), { recursive: true });
cpSync(join(root, "node_modules", "axe-core", "axe.min.js"), join(root, "tests", "browser", "axe.min.js"));
console.log("assets built in", out);
