// each claim's row in the claims index, by the claim's id: the row's text as shown
() => Object.fromEntries([...document.querySelectorAll("tr a[href*='#claim-']")]
  .map((a) => [a.getAttribute("href").split("#claim-")[1], a.closest("tr").innerText]))
