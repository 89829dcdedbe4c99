document.getElementById("app").textContent = "test";
