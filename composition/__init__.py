"""The composition layer: pages that show several apps at once (the public home, the candidate
dashboard, the staff home, the public standard pages) and the demo data that seeds every app.
It sits on top: it reads each app through its selectors, and no app imports it."""
